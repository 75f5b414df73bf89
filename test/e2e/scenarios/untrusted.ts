/**
 * Session "untrusted": a cloned repository opened in Restricted Mode (workspace trust on, the folder not trusted).
 * Its .vscode/settings.json points the ticket link at another host, the log search at /etc and ~/.ssh, and CloudWatch
 * and the database at other regions and AWS profiles (test/extension/untrustedFixture.ts); the user's settings hold
 * their own values. The extension-host test 'in an untrusted workspace…' (test/extension/untrustedWorkspace.test.ts)
 * checks, inside the editor, that the extension reads the user's values only.
 */
import { UNTRUSTED_GREP, USER_SETTINGS, WORKSPACE_SETTINGS } from '../../extension/untrustedFixture';
import type { Session } from '../scenario';
import { extensionTestsEnv, extensionTestsScenario } from './extensionTests';

const RESULT = 'untrusted-extension-tests';

export const untrustedSession: Session = {
  name: 'untrusted',
  vsix: 'tests',
  untrusted: true,
  env: (artifacts) => extensionTestsEnv(artifacts, RESULT, UNTRUSTED_GREP),
  settings: { ...USER_SETTINGS },
  files: { '.vscode/settings.json': JSON.stringify(WORKSPACE_SETTINGS, null, 2) },
  scenarios: [extensionTestsScenario('untrusted workspace: its settings are not used', RESULT)],
};
