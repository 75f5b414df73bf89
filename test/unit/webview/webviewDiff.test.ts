import assert from 'node:assert/strict';
import { jsonDiff } from '../../../src/core/jsonDiff';
import type { CalcComparison, DiffChangedNode, PathChange, RunDiff, RunSummary } from '../../../src/core/types';
import {
  calcDuration,
  calcMarkdown,
  collapsePathChanges,
  diffCounts,
  diffSummaryText,
  isCut,
  isMissing,
  noDifferenceText,
  parsePath,
  pathsMarkdown,
  resolvePath,
} from '../../../webview/diff/model';
import { runSummary } from '../fixtures';

describe('diff model: JSON paths', () => {
  it('parses the paths jsonDiff writes', () => {
    assert.deepEqual(parsePath('$'), []);
    assert.deepEqual(parsePath('$.growth.rates[3]'), ['growth', 'rates', 3]);
    assert.deepEqual(parsePath('$["2028"]'), ['2028']);
    assert.deepEqual(parsePath('$["we\\"ird ]key"].x[0][12]'), ['we"ird ]key', 'x', 0, 12]);
    assert.equal(parsePath('growth'), null);
    assert.equal(parsePath('$.'), null);
    assert.equal(parsePath('$[x]'), null);
    assert.equal(parsePath('$["open'), null);
  });

  it('round-trips every path of a real diff and resolves it', () => {
    const a = { 'a b': [1, { c: 2 }], x: { 'y.z': true } };
    const b = { 'a b': [1, { c: 3 }, 4], x: { 'y.z': false } };
    for (const ch of jsonDiff(a, b)) {
      const segs = parsePath(ch.path);
      assert.ok(segs, ch.path);
      if (ch.kind !== 'added') assert.deepEqual(resolvePath(a, segs!), ch.before);
      if (ch.kind !== 'removed') assert.deepEqual(resolvePath(b, segs!), ch.after);
    }
    assert.ok(isMissing(resolvePath(a, ['nope'])));
    assert.ok(isMissing(resolvePath(a, ['a b', 9])));
    assert.ok(isMissing(resolvePath(5, ['x'])));
  });
});

describe('diff model: collapsing runs of array changes', () => {
  it('keeps short runs and other changes one row per path', () => {
    const rows = collapsePathChanges(jsonDiff({ r: [1, 2], v: 1 }, { r: [1, 2, 3, 4, 5], v: 2 }));
    assert.deepEqual(rows.map((r) => [r.path, r.label, r.before, r.after]), [
      ['$.r[2]', 'added', '(absent)', '3'],
      ['$.r[3]', 'added', '(absent)', '4'],
      ['$.r[4]', 'added', '(absent)', '5'],
      ['$.v', 'changed', '1', '2'],
    ]);
  });

  it('folds a long run of additions into one row', () => {
    const before = { p: Array.from({ length: 2 }, (_, i) => i) };
    const after = { p: Array.from({ length: 12 }, (_, i) => i), q: 'x' };
    const rows = collapsePathChanges(jsonDiff(before, after));
    assert.deepEqual(rows.map((r) => [r.path, r.kind, r.count, r.label, r.collapsed]), [
      ['$.p[2:12]', 'added', 10, '10 added', true],
      ['$.q', 'added', 1, 'added', false],
    ]);
    assert.equal(rows[0]!.before, '(absent)');
    assert.equal(rows[0]!.after, '[2] 2 … [11] 11');
  });

  it('shows the core diff\'s slice change of a grown array as one row: $.patients[50:12000] · 11,950 added', () => {
    const patient = (i: number) => ({ age: 20 + (i % 60), id: i });
    const before = { patients: Array.from({ length: 50 }, (_, i) => patient(i)), source: 'Q2', version: 1 };
    const after = { patients: Array.from({ length: 12_000 }, (_, i) => patient(i)), source: 'Q3', version: 2 };
    const rows = collapsePathChanges(jsonDiff(before, after));
    assert.deepEqual(rows.map((r) => [r.path, r.label]), [
      ['$.patients[50:12000]', '11,950 added'],
      ['$.source', 'changed'],
      ['$.version', 'changed'],
    ]);
    assert.equal(rows[0]!.count, 11_950);
    assert.match(rows[0]!.after, /^\[50\] \{"age":70,"id":50\} … \[11999\] \{"age":/);
  });

  it('folds removals and does not join different arrays, kinds or gaps', () => {
    const rows = collapsePathChanges(jsonDiff({ a: [0, 1, 2, 3, 4, 5, 6], b: [1] }, { a: [0], b: [1, 2, 3, 4, 5] }));
    assert.deepEqual(rows.map((r) => [r.path, r.label]), [
      ['$.a[1:7]', '6 removed'],
      ['$.b[1:5]', '4 added'],
    ]);
    assert.equal(rows[0]!.after, '(absent)');
    const gaps: PathChange[] = [0, 1, 3, 4, 5].map((i) => ({ path: `$.x[${i}]`, kind: 'added', before: undefined, after: i }));
    assert.deepEqual(collapsePathChanges(gaps).map((r) => r.path), ['$.x[0]', '$.x[1]', '$.x[3]', '$.x[4]', '$.x[5]']);
    const nested = collapsePathChanges(jsonDiff({ m: [[1], [2]] }, { m: [[1, 1, 1, 1, 1], [2]] }));
    assert.deepEqual(nested.map((r) => r.path), ['$.m[0][1:5]']);
  });

  it('summarises long values and keeps a longer text for the tooltip', () => {
    const long = 'x'.repeat(500);
    const [row] = collapsePathChanges([{ path: '$.note', kind: 'changed', before: 'a', after: long }]);
    assert.equal(Array.from(row!.after).length, 60);
    assert.ok(row!.after.endsWith('…'));
    assert.equal(Array.from(row!.afterFull).length, 400);
  });
});

function run(id: string, status: RunSummary['run_status']): RunSummary {
  return runSummary({ run_id: id, run_status: status });
}

const changedNode = (name: string, failed: boolean, paths = 1): DiffChangedNode => ({
  node_id: name,
  node_name: name,
  node_type: 'input',
  before: { input_hash: 'a', input_data: 1, saved_at: null, saved_by: null },
  after: { input_hash: 'b', input_data: 2, saved_at: null, saved_by: null },
  paths: Array.from({ length: paths }, (_, i) => `$[${i}]`),
  path_changes: Array.from({ length: paths }, (_, i) => ({ path: `$[${i}]`, kind: 'changed' as const, before: 1, after: 2 })),
  failed_in_b: failed,
  score: failed ? 6 : 0,
  evidence: failed ? [{ signal: 'calc_failed', detail: 'its own calculation failed in this run' }] : [],
});

const calc: CalcComparison[] = [
  { node_id: 'n1', node_name: 'Net | revenue', status_a: 'success', status_b: 'failed', fail_reason_b: 'ZeroDivisionError | x', duration_a: 1.5, duration_b: 0.2 },
  { node_id: 'n2', node_name: 'Gross', status_a: null, status_b: 'skipped', fail_reason_b: null, duration_a: null, duration_b: null },
];

describe('diff model: summary and markdown', () => {
  const diff: RunDiff = {
    run_a: run('ra', 'success'),
    run_b: run('rb', 'failed'),
    changed: [changedNode('Growth', true), changedNode('Price', false, 200)],
    added: [],
    removed: [{ node_id: 'x', node_name: 'Old', node_type: 'input', input_hash: 'h', input_data: 1, score: 0, evidence: [] }],
    unchanged_count: 46,
    calc,
    confidence: 'strong',
    verdict: { kind: 'input', node_id: 'n1', summary: 'Likely cause: `Growth` changed — its own calculation failed in this run.' },
  };

  it('counts and summarises', () => {
    assert.deepEqual(diffCounts(diff), { changed: 2, failedInB: 1, added: 0, removed: 1, unchanged: 46, calc: 2, calcFailed: 1 });
    assert.equal(diffSummaryText(diffCounts(diff)), '2 changed nodes (1 failed in run B), 0 added, 1 removed, 46 unchanged; 2 node calc status changes');
    assert.equal(noDifferenceText({ ...diff, unchanged_count: 1200 }, 'demo'), 'Runs ra and rb used the same input values (1,200 nodes compared on demo).');
  });

  it('knows when the diff stopped listing paths', () => {
    assert.equal(isCut(diff.changed[0]!, 200), false);
    assert.equal(isCut(diff.changed[1]!, 200), true);
  });

  it('formats calc durations (seconds)', () => {
    assert.equal(calcDuration(1.5), '1.5 s');
    assert.equal(calcDuration(903.376), '15 min 3 s');
    assert.equal(calcDuration(null), '—');
  });

  it('copies the path and calc tables as Markdown with pipes escaped', () => {
    const node = changedNode('Growth | rate', true);
    const rows = collapsePathChanges([{ path: '$["a|b"]', kind: 'changed', before: 'x|y', after: 2 }]);
    const lines = pathsMarkdown(node, rows).trimEnd().split('\n');
    assert.equal(lines[0], '**Growth \\| rate \\(input\\) — failed in run B**');
    assert.equal(lines[4], '| `$["a\\|b"]` | changed | `"x\\|y"` | `2` |');
    const c = calcMarkdown(calc).trimEnd().split('\n');
    assert.equal(c[2], '| Node | Run A | Run B | Fail reason \\(run B\\) | Duration A | Duration B |');
    assert.equal(c[4], '| Net \\| revenue | success | failed | ZeroDivisionError \\| x | 1\\.5 s | 200 ms |');
    assert.equal(c[5], '| Gross | not run | skipped |   | — | — |');
  });
});
