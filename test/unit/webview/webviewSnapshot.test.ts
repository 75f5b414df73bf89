import assert from 'node:assert/strict';
import type { RunStatus, RunSummary, SnapshotNode } from '../../../src/core/types';
import { firstRunAtOrAfter, lastSuccessBefore, previousRun, sortRuns } from '../../../src/shared/runOrder';
import { compareSnapshots, countChanged } from '../../../src/shared/snapshotCompare';
import { NO_SNAPSHOT_FILTER, emptyNodesText, filterNodes, nodeBadges, nodeTypes, snapshotCounts, snapshotMarkdown } from '../../../webview/snapshot/model';
import { runSummary } from '../fixtures';

function node(id: string, hash: string | null, data: unknown = null, over: Partial<SnapshotNode> = {}): SnapshotNode {
  return {
    node_id: id,
    node_name: `Node ${id}`,
    node_type: 'input',
    node_group: 'G',
    node_seq: null,
    input_hash: hash,
    input_data: hash === null ? null : data,
    saved_at: hash === null ? null : '2026-03-01T10:00:00.000Z',
    saved_by: hash === null ? null : 'alice',
    ...over,
  };
}

function run(id: string, status: RunStatus, at: string): RunSummary {
  return runSummary({ run_id: id, run_status: status, run_at: at });
}

describe('snapshot compare (changed since the previous run)', () => {
  it('compares the values in force by hash, per node', () => {
    const prev = [node('a', 'h1'), node('b', 'h2'), node('c', null), node('d', 'h4'), node('e', null)];
    const cur = [node('a', 'h1'), node('b', 'h2x'), node('c', 'h3'), node('d', null), node('e', null), node('f', 'h6')];
    assert.deepEqual(compareSnapshots(cur, prev), { a: 'same', b: 'changed', c: 'added', d: 'cleared', e: 'same', f: 'added' });
    assert.equal(countChanged(compareSnapshots(cur, prev)), 4);
  });

  it('marks every node unknown without a previous run', () => {
    assert.deepEqual(compareSnapshots([node('a', 'h1'), node('b', null)], null), { a: 'unknown', b: 'unknown' });
    assert.equal(countChanged({ a: 'unknown' }), 0);
  });
});

describe('run order', () => {
  const runs = [
    run('r3', 'failed', '2026-03-03T00:00:00.000Z'),
    run('r1', 'success', '2026-03-01T00:00:00.000Z'),
    run('r2b', 'failed', '2026-03-02T00:00:00.000Z'),
    run('r2a', 'success', '2026-03-02T00:00:00.000Z'),
    run('r4', 'timeout', '2026-03-03T00:00:00.000123Z'),
  ];

  it('sorts by run_at (mixed precision), then run_id', () => {
    assert.deepEqual(sortRuns(runs).map((r) => r.run_id), ['r1', 'r2a', 'r2b', 'r3', 'r4']);
  });

  it('finds the previous run of any status', () => {
    assert.equal(previousRun(runs, 'r3')?.run_id, 'r2b');
    assert.equal(previousRun(runs, 'R2B')?.run_id, 'r2a');
    assert.equal(previousRun(runs, 'r1'), null);
    assert.equal(previousRun(runs, 'nope'), null);
  });

  it('finds the last success before a run', () => {
    assert.equal(lastSuccessBefore(runs, 'r4')?.run_id, 'r2a');
    assert.equal(lastSuccessBefore(runs, 'r2b')?.run_id, 'r2a');
    assert.equal(lastSuccessBefore(runs, 'r2a')?.run_id, 'r1');
    assert.equal(lastSuccessBefore(runs, 'r1'), null);
  });

  it('finds the first run at or after a moment', () => {
    assert.equal(firstRunAtOrAfter(runs, '2026-03-02T00:00:00.000Z')?.run_id, 'r2a');
    assert.equal(firstRunAtOrAfter(runs, '2026-03-03T00:00:00.0001Z')?.run_id, 'r4');
    assert.equal(firstRunAtOrAfter(runs, '2026-03-04T00:00:00.000Z'), null);
  });
});

describe('snapshot model', () => {
  const nodes = [
    node('a', 'h1', { rate: 0.25, note: 'Base' }, { node_name: 'Growth rate' }),
    node('b', 'h2', [1, 2, 3], { node_name: 'Uptake | curve', node_type: 'input' }),
    node('c', null, null, { node_name: 'Net revenue', node_type: 'calculation' }),
  ];
  const changes = { a: 'changed' as const, b: 'same' as const, c: 'same' as const };

  it('filters by type, changed, no value, and name or value text', () => {
    assert.equal(filterNodes(nodes, changes, NO_SNAPSHOT_FILTER).length, 3);
    assert.deepEqual(filterNodes(nodes, changes, { ...NO_SNAPSHOT_FILTER, type: 'calculation' }).map((n) => n.node_id), ['c']);
    assert.deepEqual(filterNodes(nodes, changes, { ...NO_SNAPSHOT_FILTER, show: 'changed' }).map((n) => n.node_id), ['a']);
    assert.deepEqual(filterNodes(nodes, changes, { ...NO_SNAPSHOT_FILTER, show: 'empty' }).map((n) => n.node_id), ['c']);
    assert.deepEqual(filterNodes(nodes, changes, { ...NO_SNAPSHOT_FILTER, search: 'GROWTH' }).map((n) => n.node_id), ['a']);
    assert.deepEqual(filterNodes(nodes, changes, { ...NO_SNAPSHOT_FILTER, search: 'base' }).map((n) => n.node_id), ['a']);
    assert.deepEqual(filterNodes(nodes, changes, { ...NO_SNAPSHOT_FILTER, search: '2,3' }).map((n) => n.node_id), ['b']);
    assert.deepEqual(nodeTypes(nodes), ['calculation', 'input']);
  });

  it('badges: no value in force, and changed / new / cleared since the previous run', () => {
    assert.deepEqual(nodeBadges(nodes[0]!, 'changed').map((b) => b.text), ['changed since previous run']);
    assert.deepEqual(nodeBadges(nodes[2]!, 'same').map((b) => b.text), ['no value in force']);
    assert.deepEqual(nodeBadges(nodes[2]!, 'cleared').map((b) => b.text), ['no value in force', 'cleared since previous run']);
    assert.deepEqual(nodeBadges(nodes[1]!, 'added').map((b) => b.testid), ['badge-changed']);
    assert.deepEqual(nodeBadges(nodes[1]!, 'unknown'), []);
  });

  it('counts nodes with and without a value, and changes', () => {
    assert.deepEqual(snapshotCounts(nodes, changes), { nodes: 3, withValue: 2, empty: 1, changed: 1 });
  });

  it('says what was searched and in which run when nothing matches', () => {
    assert.equal(
      emptyNodesText('r-1', 'demo (reporting schema)', { type: 'input', show: 'changed', search: 'x' }, 50),
      'No node matches type "input", changed since the previous run, search "x" among the 50 nodes of run r-1 on demo (reporting schema).',
    );
    assert.equal(emptyNodesText('r-1', 'demo', NO_SNAPSHOT_FILTER, 0), 'Run r-1 has no model nodes on demo.');
  });

  it('copies the nodes as Markdown, pipes escaped', () => {
    const lines = snapshotMarkdown(nodes, changes, 'Inputs').trimEnd().split('\n');
    assert.equal(lines[2], '| Node | Type | Group | Hash | Saved at \\(UTC\\) | Saved by | Changed since previous run | Value |');
    assert.equal(lines[4], '| Growth rate | input | G | `h1` | 2026\\-03\\-01 10:00:00 | alice | changed | `{"rate":0.25,"note":"Base"}` |');
    assert.equal(lines[5], '| Uptake \\| curve | input | G | `h2` | 2026\\-03\\-01 10:00:00 | alice | no | `[1,2,3]` |');
    assert.equal(lines[6], '| Net revenue | calculation | G |   |   |   | no | no value in force |');
  });
});
