/**
 * Workspace trust: in an untrusted workspace (a cloned repository not yet trusted), the workspace's settings cannot
 * choose where the RCA note goes, which files the log search reads, or which AWS credentials and region are used.
 * The untrusted case needs the e2e session 'untrusted workspace' (test/e2e/scenarios/untrusted.ts), which opens
 * untrustedFixture.ts's workspace in Restricted Mode; in a trusted window it is pending and says so.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readLogSettings, readSettings } from '../../src/vscode/config';
import { readLogConfig } from '../../src/vscode/logSources';
import { UNTRUSTED_GREP, USER_SETTINGS, WORKSPACE_SETTINGS } from './untrustedFixture';

describe('workspace trust', () => {
  it(`${UNTRUSTED_GREP}: its settings cannot send the note elsewhere, read other files or pick AWS credentials`, function () {
    if (vscode.workspace.isTrusted) {
      console.log('        pending: this window trusts its workspace (run: npm run test:e2e -- --only "untrusted workspace")');
      this.skip();
    }
    // The workspace's settings file was read: its harmless setting applies.
    assert.equal(readLogSettings().cap, WORKSPACE_SETTINGS['clearsight.logs.maxLines']);
    const s = readSettings();
    // The user's own values, else the defaults; never the workspace's.
    assert.deepEqual(s.ticket, { urlTemplate: USER_SETTINGS['clearsight.ticket.urlTemplate'], maxUrlLength: 8000 });
    assert.deepEqual(
      { productionUrl: s.productionUrl, awsRegion: s.awsRegion, awsProfile: s.awsProfile, powerBiReportUrl: s.powerBi.reportUrl },
      { productionUrl: '', awsRegion: '', awsProfile: '', powerBiReportUrl: undefined },
    );
    const logs = readLogSettings();
    assert.deepEqual(logs.paths, USER_SETTINGS['clearsight.logs.paths']);
    assert.deepEqual(logs.cloudwatch, { region: USER_SETTINGS['clearsight.logs.cloudwatch.region'], logGroups: [], logGroupPrefix: '', profile: '' });
    // And so the log search: one file source per workspace folder, with the user's globs only; no CloudWatch.
    const sources = readLogConfig(false, '/nonexistent').sources;
    assert.deepEqual(
      sources.map((x) => [x.kind, x.label]),
      (vscode.workspace.workspaceFolders ?? []).map(() => ['files', 'user-logs/*.log']),
    );
    assert.ok(sources.length > 0, 'the window has a workspace folder');
  });

  it('in a trusted workspace, its settings apply', async function () {
    if (!vscode.workspace.isTrusted || !vscode.workspace.workspaceFolders?.length) {
      console.log('        pending: needs a trusted window with a workspace folder');
      this.skip();
    }
    const config = vscode.workspace.getConfiguration('clearsight');
    const template = 'https://tickets.example.test/team/new?title={title}&body={body}';
    try {
      await config.update('ticket.urlTemplate', template, vscode.ConfigurationTarget.Workspace);
      await config.update('logs.paths', ['team-logs/**/*.log'], vscode.ConfigurationTarget.Workspace);
      assert.equal(readSettings().ticket.urlTemplate, template);
      assert.deepEqual(readLogSettings().paths, ['team-logs/**/*.log']);
    } finally {
      await config.update('ticket.urlTemplate', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('logs.paths', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
