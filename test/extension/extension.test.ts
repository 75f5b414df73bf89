/**
 * Extension-host tests: the real `vscode` API, the installed extension, the demo database.
 * They run inside code-server (npm run test:e2e) and under @vscode/test-electron where VS
 * Code can be downloaded (test/extension/runTest.ts).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClearSightApi } from '../../src/extension';
import type { DiagnosticsPayload } from '../../src/shared/protocol/diagnostics';
import type { DiffPayload } from '../../src/shared/protocol/diff';
import type { SnapshotPayload } from '../../src/shared/protocol/snapshot';
import type { TimelinePayload } from '../../src/shared/protocol/timeline';
import { generateDemo } from '../../src/demo/generator';

const EXTENSION_ID = 'clearsight.clearsight-rca';
const stories = generateDemo().stories;

async function api(): Promise<ClearSightApi> {
  const ext = vscode.extensions.getExtension<ClearSightApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** Resolves once `ok()` holds (checked on each connection change and at most every 50 ms), or fails after 5 s. */
async function until(what: string, ok: () => boolean, cs: ClearSightApi): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const sub = cs.connections.onDidChange(() => (sub.dispose(), resolve()));
      setTimeout(() => (sub.dispose(), resolve()), 50);
    });
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('ClearSight RCA in the editor', function () {
  let cs: ClearSightApi;

  before(async () => {
    cs = await api();
    // The demo, with its reporting schema loaded (the first open loads it in the background).
    await vscode.commands.executeCommand('clearsight.useDemo');
    await cs.connections.engine();
    await cs.etl.run('full', { silent: true });
  });

  it('registers every command package.json contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
  });

  it('the Scenarios tree lists the failing scenarios of the demo', async () => {
    const groups = await cs.tree.provider.getChildren();
    const failing = groups.find((g) => (g as { key?: string }).key === 'failing');
    assert.ok(failing, `groups: ${groups.map((g) => (g as { key?: string }).key).join(', ')}`);
    const scenarios = (await cs.tree.provider.getChildren(failing)) as Array<{ scenarioId?: string }>;
    const ids = scenarios.map((s) => s.scenarioId);
    for (const story of stories.list.filter((s) => s.id !== 'same-validation-error-across-model')) {
      assert.ok(ids.includes(story.scenario_id), `${story.id} is failing now`);
    }
    const item = await cs.tree.provider.getTreeItem(scenarios[0] as never);
    assert.ok(item.label, 'a labelled item');
    assert.match(String(item.contextValue), /^clearsight\.scenario\.failing$/);
  });

  it('a hover on a run id in a log shows its status and the links', async () => {
    const story = stories.byId['growth-rate-invalid'];
    const text = `2026-11-11T12:37:05Z ERROR forecast run ${story.failed_run_id} failed\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: text });
    const position = new vscode.Position(0, text.indexOf(story.failed_run_id) + 5);
    // The first hover may give up on its short timeout while the lookup fills the cache.
    let hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
    if (!hoverText(hovers).includes('failed')) hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
    const md = hoverText(hovers);
    assert.match(md, /failed/);
    assert.ok(md.includes('command:clearsight.compareWithLastSuccess'), md);
    assert.ok(md.includes('command:clearsight.openTimeline'), md);
    assert.ok(md.includes('command:clearsight.generateRcaNote'), md);
  });

  it('an unknown id gets no hover', async () => {
    const id = '00000000-0000-4000-8000-00000000beef';
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: `request ${id} done` });
    const pos = new vscode.Position(0, 12);
    await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    assert.equal(hoverText(hovers).includes('ClearSight'), false);
  });

  it('Open Timeline renders the scenario events', async () => {
    const story = stories.byId['null-input'];
    await vscode.commands.executeCommand('clearsight.openTimeline', { scenarioId: story.scenario_id });
    const state = await cs.panelState('timeline', story.scenario_id);
    assert.ok(state, 'a timeline panel is open');
    assert.equal(state.error, undefined);
    const p = state.payload as TimelinePayload;
    assert.equal(p.scenario.scenario_id, story.scenario_id);
    assert.ok(p.events.some((e) => e.event_type === 'RUN_FAILED' && e.run_id === story.failed_run_id));
  });

  it('Compare with Last Success names the culprit node and path first', async () => {
    for (const story of stories.list) {
      await vscode.commands.executeCommand('clearsight.compareWithLastSuccess', { scenarioId: story.scenario_id, runId: story.failed_run_id });
      const state = await cs.panelState('diff', story.last_success_run_id, story.failed_run_id);
      assert.ok(state, `${story.id}: a diff panel is open`);
      const d = (state.payload as DiffPayload).diff;
      assert.equal(d.changed[0].node_name, story.culprit_node_name, story.id);
      assert.ok(
        d.changed[0].paths.some((p) => p === story.culprit_path || p.startsWith(`${story.culprit_path}[`) || p.startsWith(`${story.culprit_path}.`)),
        `${story.id}: ${d.changed[0].paths.slice(0, 3).join(', ')}`,
      );
    }
  });

  it('Run Diagnostics shows the run, its category and its log lines from the demo logs, the traceback kept', async () => {
    const story = stories.byId['division-by-zero'];
    await vscode.commands.executeCommand('clearsight.runDiagnostics', { runId: story.failed_run_id });
    const state = await cs.panelState('diagnostics', story.failed_run_id);
    assert.ok(state && !state.error, state?.error);
    const p = state.payload as DiagnosticsPayload;
    assert.equal(p.run.run_id, story.failed_run_id);
    assert.equal(p.category?.category, 'calculation');
    assert.equal(p.failedNodes[0]?.node_name, story.failed_node_name);
    assert.ok(p.lines.length >= 5, `${p.lines.length} lines`);
    const tb = p.lines.find((l) => l.level === 'ERROR' && l.stack?.startsWith('Traceback (most recent call last):'));
    assert.ok(tb, 'an ERROR line with its traceback');
    assert.ok(tb.stack!.endsWith(story.fail_reason));
    for (let i = 1; i < p.lines.length; i++) assert.ok(String(p.lines[i - 1].timestamp) <= String(p.lines[i].timestamp), 'time order');
  });

  it('the RCA note has the error category and the first error line of the demo logs with its traceback', async () => {
    const story = stories.byId['division-by-zero'];
    await vscode.commands.executeCommand('clearsight.generateRcaNote', { scenarioId: story.scenario_id, runId: story.failed_run_id });
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.ok(text.startsWith('# RCA'), text.slice(0, 200));
    assert.match(text, /- \*\*Error category:\*\* calculation/);
    const section = text.slice(text.indexOf('## Errors in the logs'), text.indexOf('## Timeline excerpt'));
    assert.match(section, /Traceback \(most recent call last\):[\s\S]*ZeroDivisionError/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Input Snapshot shows every node with the value in force', async () => {
    const e = stories.edgeCases.saveAtRunAt;
    await vscode.commands.executeCommand('clearsight.openSnapshot', { runId: e.run_id });
    const state = await cs.panelState('snapshot', e.run_id);
    const p = state!.payload as SnapshotPayload;
    const node = p.snapshot.nodes.find((n) => n.node_id === e.node_id)!;
    assert.equal(node.saved_at, e.run_at, 'the save made exactly at run_at is in force');
  });

  it('one panel per subject: opening the same timeline again reuses it', async () => {
    const story = stories.byId['null-input'];
    const before = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    await vscode.commands.executeCommand('clearsight.openTimeline', { scenarioId: story.scenario_id });
    const after = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    assert.equal(after, before);
  });

  it('Generate RCA Note opens a markdown document with the failure story', async () => {
    const story = stories.byId['division-by-zero'];
    await vscode.commands.executeCommand('clearsight.generateRcaNote', { scenarioId: story.scenario_id, runId: story.failed_run_id });
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'an editor is open');
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# RCA: /);
    assert.ok(text.includes(story.culprit_node_name));
    assert.ok(text.includes(story.failed_run_id));
  });

  it('Copy Power BI Link puts a filtered report URL on the clipboard', async () => {
    const story = stories.byId['null-input'];
    const config = vscode.workspace.getConfiguration('clearsight');
    await config.update('powerBi.reportUrl', 'https://app.powerbi.com/groups/me/reports/r1/ReportSection', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('clearsight.copyPowerBiLink', { scenarioId: story.scenario_id, runId: story.failed_run_id });
      const url = await vscode.env.clipboard.readText();
      assert.ok(url.startsWith('https://app.powerbi.com/groups/me/reports/r1/ReportSection?filter='), url);
      assert.ok(decodeURIComponent(url).includes(`dim_run/run_id eq '${story.failed_run_id}'`), url);
    } finally {
      await config.update('powerBi.reportUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('named environments: the active one is the connection in use; switching follows; removing them goes back', async () => {
    const config = vscode.workspace.getConfiguration('clearsight');
    const environments = [
      { name: 'UAT', productionUrl: 'postgres://rca@127.0.0.1:1/uat' },
      { name: 'Dev', productionUrl: 'postgres://rca@127.0.0.1:2/dev', reportingUrl: 'postgres://etl@127.0.0.1:2/dev_reporting' },
    ];
    try {
      await config.update('environments', environments, vscode.ConfigurationTarget.Global);
      await config.update('environment', 'Dev', vscode.ConfigurationTarget.Global);
      await until('the Dev environment', () => cs.connections.info().environment === 'Dev', cs);
      assert.deepEqual(
        { environment: cs.connections.info().environment, label: cs.connections.info().label, demo: cs.connections.info().demo },
        { environment: 'Dev', label: '127.0.0.1:2/dev', demo: false },
      );
      await config.update('environment', 'uat', vscode.ConfigurationTarget.Global);
      await until('the UAT environment', () => cs.connections.info().environment === 'UAT', cs);
      assert.equal(cs.connections.info().environment, 'UAT');
      assert.equal(cs.connections.info().label, '127.0.0.1:1/uat');
    } finally {
      await config.update('environment', undefined, vscode.ConfigurationTarget.Global);
      await config.update('environments', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('the demo again', () => cs.connections.info().demo, cs);
    assert.deepEqual({ environment: cs.connections.info().environment, demo: cs.connections.info().demo }, { environment: '', demo: true });
    await cs.connections.engine(); // the demo again, for the tests after this one
  });

  it('Run ETL (incremental) loads and reports', async () => {
    const result = await cs.etl.run('incremental', { silent: true });
    assert.ok(result, 'the run finished');
    assert.equal(result.mode, 'incremental');
    const status = await cs.etl.status();
    assert.ok(status.lastSuccessAt, 'the reporting data has a freshness time');
  });
});
