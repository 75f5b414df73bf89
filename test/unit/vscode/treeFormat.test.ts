import assert from 'node:assert/strict';
import { Commands, TreeContext } from '../../../src/vscode/constants';
import { errorLine } from '../../../src/vscode/errors';
import {
  formatUtc,
  formatWhen,
  isFailing,
  isOpen,
  mdExcerpt,
  mdText,
  oneLine,
  runStatusIcon,
  shortId,
  statusWord,
} from '../../../src/vscode/tree/format';
import {
  FailedCalcNode,
  GroupNode,
  InfoNode,
  LoadMoreNode,
  ModelNode,
  RunNode,
  ScenarioNode,
  scenarioDescription,
} from '../../../src/vscode/tree/scenarioNodes';
import type { NodeCalc, RunSummary, ScenarioListItem } from '../../../src/core/types';
import { runSummary } from '../fixtures';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');

function scenario(over: Partial<ScenarioListItem> = {}): ScenarioListItem {
  return {
    scenario_id: '11111111-1111-4111-8111-111111111111',
    scenario_name: 'Budget 2026',
    status: 'submitted',
    model_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    model_name: 'Revenue model',
    last_run_id: '22222222-2222-4222-8222-222222222222',
    last_run_at: '2026-03-10T09:00:00.000Z',
    last_run_status: 'failed',
    last_fail_reason: 'Division by zero in node *Growth*',
    runs: 12,
    failed_runs: 4,
    ...over,
  };
}

function run(over: Partial<RunSummary> = {}): RunSummary {
  return runSummary({
    ...{ run_id: '22222222-2222-4222-8222-222222222222', scenario_id: '11111111-1111-4111-8111-111111111111', scenario_name: 'Budget 2026' },
    ...{ model_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', model_name: 'Revenue model', run_status: 'failed', run_at: '2026-03-10T09:00:00.000Z' },
    ...{ run_complete_at: '2026-03-10T09:00:04.200Z', duration_ms: 4200, run_by: 'alice', fail_reason: 'boom' },
    ...over,
  });
}

function calc(over: Partial<NodeCalc> = {}): NodeCalc {
  return {
    calc_id: '33333333-3333-4333-8333-333333333333',
    run_id: '22222222-2222-4222-8222-222222222222',
    node_id: '44444444-4444-4444-8444-444444444444',
    node_name: 'Growth',
    node_type: 'formula',
    status: 'failed',
    fail_reason: 'Division by zero\n  at line 3',
    processing_start_at: '2026-03-10T09:00:01.000Z',
    processing_end_at: '2026-03-10T09:00:02.000Z',
    processing_duration: 1,
    ...over,
  };
}

describe('tree format', () => {
  it('maps run statuses to codicons and theme colours', () => {
    assert.deepEqual(runStatusIcon('success'), { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(runStatusIcon('failed'), { id: 'error', color: 'errorForeground' });
    assert.equal(runStatusIcon('timeout').id, 'watch');
    assert.ok(runStatusIcon('timeout').color);
    assert.deepEqual(runStatusIcon('running'), { id: 'sync~spin' });
    assert.deepEqual(runStatusIcon('queued'), { id: 'clock' });
    assert.equal(runStatusIcon(null).id, 'circle-outline');
  });

  it('words, failing and open statuses', () => {
    assert.equal(statusWord('timeout'), 'timed out');
    assert.equal(statusWord(null), 'never run');
    assert.ok(isFailing('failed') && isFailing('timeout'));
    assert.ok(!isFailing('success') && !isFailing(null) && !isFailing('running'));
    assert.ok(isOpen('running') && isOpen('queued') && !isOpen('failed'));
  });

  it('formats UTC times with and without seconds', () => {
    assert.equal(formatUtc('2026-03-01T10:00:05.123Z'), '2026-03-01 10:00:05 UTC');
    assert.equal(formatUtc('2026-03-01T10:00:05.123456Z', false), '2026-03-01 10:00 UTC');
    assert.equal(formatUtc('garbage'), 'garbage');
  });

  it('formats relative times within a week, UTC beyond and for the future', () => {
    assert.equal(formatWhen('2026-03-10T11:59:30.000Z', NOW), 'just now');
    assert.equal(formatWhen('2026-03-10T11:55:00.000Z', NOW), '5 min ago');
    assert.equal(formatWhen('2026-03-10T09:00:00.000Z', NOW), '3 h ago');
    assert.equal(formatWhen('2026-03-08T12:00:00.000Z', NOW), '2 d ago');
    assert.equal(formatWhen('2026-03-01T10:00:00.000Z', NOW), '2026-03-01 10:00 UTC');
    assert.equal(formatWhen('2026-03-11T10:00:00.000Z', NOW), '2026-03-11 10:00 UTC');
  });

  it('makes one-line excerpts and one-line errors', () => {
    assert.equal(oneLine('a\n  b\tc  ', 100), 'a b c');
    assert.equal(oneLine('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
    assert.equal(errorLine(new Error('\nconnection refused\nstack…')), 'connection refused');
    assert.equal(errorLine('plain'), 'plain');
    assert.equal(shortId('22222222-2222-4222-8222-222222222222'), '22222222');
  });

  it('escapes markdown and neutralises theme icons in user text', () => {
    const t = mdText('<script>alert(1)</script> | `code` *bold* $(error) [x](command:evil)');
    assert.ok(!t.includes('<script>'));
    assert.ok(t.includes('&lt;script&gt;'));
    assert.ok(t.includes('\\|'));
    assert.ok(t.includes('\\`code\\`'));
    assert.ok(t.includes('\\*bold\\*'));
    assert.ok(!t.includes('](command:'));
    // `$(error)` must not stay a theme icon: the `$` is preceded by an escaped backslash.
    assert.ok(t.includes('\\\\$\\(error\\)'));
    assert.ok(!/(^|[^\\])\$\(/.test(t));
    assert.equal(mdExcerpt('a\nb', 10), 'a b');
  });
});

describe('tree nodes', () => {
  const root = new GroupNode('recent');

  it('groups: stable ids, contextValue, initial state', () => {
    const failing = new GroupNode('failing').toItem();
    assert.equal(failing.id, 'group:failing');
    assert.equal(failing.label, 'Failing now');
    assert.equal(failing.collapsible, 'expanded');
    assert.equal(failing.contextValue, TreeContext.group);
    assert.equal(new GroupNode('recent').toItem().label, 'Recently run');
    assert.equal(new GroupNode('models').toItem().label, 'By model');
    assert.equal(new GroupNode('models').toItem().collapsible, 'collapsed');
  });

  it('scenario: label, scannable description, tooltip, failing context, timeline command', () => {
    const node = new ScenarioNode(root, 'recent', scenario());
    assert.equal(node.id, 'scenario:recent:11111111-1111-4111-8111-111111111111');
    assert.equal(node.scenarioId, '11111111-1111-4111-8111-111111111111');
    assert.equal((node as { runId?: string }).runId, undefined);
    const item = node.toItem({ now: NOW });
    assert.equal(item.label, 'Budget 2026');
    assert.equal(item.description, 'failed 3 h ago · 4/12 runs failed · Revenue model');
    assert.equal(item.contextValue, TreeContext.scenarioFailing);
    assert.equal(item.collapsible, 'collapsed');
    assert.deepEqual(item.icon, { id: 'error', color: 'errorForeground' });
    assert.deepEqual(item.command, { command: Commands.openTimeline, title: 'Open Timeline', arguments: [{ scenarioId: node.scenarioId }] });
    assert.ok(item.tooltip?.includes('Revenue model'));
    assert.ok(item.tooltip?.includes('Division by zero in node \\*Growth\\*'));
    assert.ok(item.tooltip?.includes('$(error) failed'));
  });

  it('scenario: healthy, never run, and under a model (no model name repeated)', () => {
    const ok = new ScenarioNode(root, 'recent', scenario({ last_run_status: 'success', failed_runs: 0, runs: 1 })).toItem({ now: NOW });
    assert.equal(ok.contextValue, TreeContext.scenario);
    assert.equal(ok.description, 'succeeded 3 h ago · 1 run · Revenue model');
    assert.ok(!ok.tooltip?.includes('Fail reason'));
    const never = new ScenarioNode(root, 'recent', scenario({ last_run_at: null, last_run_status: null, last_run_id: null, runs: 0, failed_runs: 0 }));
    assert.equal(never.toItem({ now: NOW }).collapsible, 'none');
    assert.equal(scenarioDescription(never.scenario, NOW, false), 'never run');
    const model = new ModelNode(new GroupNode('models'), { model_id: 'm1', model_name: 'Revenue model', scenarios: 3, failing: 1 });
    const under = new ScenarioNode(model, model.listKey, scenario());
    assert.equal(under.id, 'scenario:model:m1:11111111-1111-4111-8111-111111111111');
    assert.equal(under.toItem({ now: NOW }).description, 'failed 3 h ago · 4/12 runs failed');
  });

  it('model: counts in the description', () => {
    const m = new ModelNode(new GroupNode('models'), { model_id: 'm1', model_name: 'Revenue <b>', scenarios: 3, failing: 1 }).toItem();
    assert.equal(m.id, 'model:m1');
    assert.equal(m.description, '3 scenarios · 1 failing');
    assert.ok(m.tooltip?.includes('Revenue &lt;b&gt;'));
  });

  it('run: label, description, contexts by status, snapshot command, escaped tooltip', () => {
    const s = new ScenarioNode(root, 'recent', scenario());
    const failed = new RunNode(s, { run: run({ run_by: 'eve <img>', fail_reason: 'bad | pipe `tick`' }), seq: 12 });
    assert.equal(failed.id, 'run:recent:22222222-2222-4222-8222-222222222222');
    assert.equal(failed.runId, '22222222-2222-4222-8222-222222222222');
    assert.equal(failed.scenarioId, s.scenarioId);
    const item = failed.toItem({ now: NOW });
    assert.equal(item.label, '#12 22222222');
    assert.equal(item.description, 'failed · 4.2 s · 3 h ago');
    assert.equal(item.contextValue, TreeContext.runFailed);
    assert.equal(item.collapsible, 'collapsed');
    assert.deepEqual(item.command?.arguments, [{ scenarioId: s.scenarioId, runId: failed.runId }]);
    assert.equal(item.command?.command, Commands.openSnapshot);
    assert.ok(item.tooltip?.includes('eve &lt;img&gt;'));
    assert.ok(item.tooltip?.includes('bad \\| pipe \\`tick\\`'));
    assert.ok(item.tooltip?.includes('2026-03-10 09:00:00 UTC'));

    const ok = new RunNode(s, { run: run({ run_status: 'success', fail_reason: null }), seq: 1 }).toItem({ now: NOW });
    assert.equal(ok.contextValue, TreeContext.run);
    assert.equal(ok.collapsible, 'none');
    assert.deepEqual(ok.icon, { id: 'pass', color: 'testing.iconPassed' });
    const timeout = new RunNode(s, { run: run({ run_status: 'timeout' }), seq: 2 }).toItem({ now: NOW });
    assert.equal(timeout.contextValue, TreeContext.runFailed);
    assert.equal(timeout.icon?.id, 'watch');
    const running = new RunNode(s, { run: run({ run_status: 'running', duration_ms: null, run_complete_at: null }), seq: 3 }).toItem({ now: NOW });
    assert.equal(running.description, 'running · 3 h ago');
    assert.equal(running.icon?.id, 'sync~spin');
    assert.ok(running.tooltip?.includes('Not finished'));
  });

  it('failed node: name, reason, compare command', () => {
    const s = new ScenarioNode(root, 'recent', scenario());
    const r = new RunNode(s, { run: run(), seq: 1 });
    const n = new FailedCalcNode(r, calc());
    assert.equal(n.id, 'failed:recent:22222222-2222-4222-8222-222222222222:33333333-3333-4333-8333-333333333333');
    assert.equal(n.parent, r);
    const item = n.toItem();
    assert.equal(item.label, 'Growth');
    assert.equal(item.description, 'Division by zero at line 3');
    assert.equal(item.contextValue, TreeContext.failedNode);
    assert.deepEqual(item.command, {
      command: Commands.compareWithLastSuccess,
      title: 'Compare with Last Success',
      arguments: [{ scenarioId: s.scenarioId, runId: r.runId }],
    });
  });

  it('info and load-more items', () => {
    const g = new GroupNode('recent');
    const info = new InfoNode(g, 'error', 'Cannot load scenarios: boom', true, { command: Commands.loadMore, title: 'Retry', arguments: [g.id] });
    const item = info.toItem();
    assert.equal(item.id, 'info:group:recent:error');
    assert.equal(item.contextValue, TreeContext.info);
    assert.equal(item.command?.command, Commands.loadMore);
    assert.equal(item.icon?.id, 'warning');
    const more = new LoadMoreNode(g, 100).toItem();
    assert.equal(more.id, 'more:group:recent');
    assert.equal(more.label, 'Load more…');
    assert.equal(more.contextValue, TreeContext.loadMore);
    assert.deepEqual(more.command?.arguments, ['group:recent']);
  });
});
