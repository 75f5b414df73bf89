/**
 * Runs the extension-host tests in a downloaded VS Code with @vscode/test-electron:
 *
 *   node esbuild.mjs --tests && npx tsx test/extension/runTest.ts
 *
 * NOT runnable on this project's machines: VS Code cannot be downloaded here (only the npm
 * registry and Debian packages are reachable). Here the same tests run inside code-server
 * through `npm run test:e2e` (test/e2e/scenarios/extensionTests.ts). Kept for developers
 * whose machine can download VS Code; the tests and dist/test/index.js are the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'clearsight-ext-tests-'));
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'dist', 'test', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { ...process.env } as Record<string, string>,
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
