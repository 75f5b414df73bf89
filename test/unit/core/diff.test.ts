import assert from 'node:assert/strict';
import { diffRuns, lastSuccessFirstFailure } from '../../../src/core/diff';
import { MAX_JSON_DEPTH, TOO_DEEP } from '../../../src/core/jsonDiff';
import type { CalcStatus, NodeCalc, RunStatus, RunSummary, Snapshot, SnapshotNode } from '../../../src/core/types';
import { runSummary } from '../fixtures';

function run(id: string, status: RunStatus, at: string): RunSummary {
  const fail_reason = status === 'failed' ? 'boom' : null;
  return runSummary({ run_id: id, scenario_id: 'scn-1', scenario_name: 'Scenario', model_id: 'model-1', model_name: 'Model', run_status: status, run_at: at, run_by: 'alice', fail_reason });
}

function node(id: string, name: string, hash: string | null, data: unknown, savedAt: string | null = null): SnapshotNode {
  return {
    node_id: id,
    node_name: name,
    node_type: 'input',
    node_group: null,
    node_seq: null,
    input_hash: hash,
    input_data: hash === null ? null : data,
    saved_at: savedAt,
    saved_by: savedAt ? 'bob' : null,
  };
}

function snap(runId: string, nodes: SnapshotNode[]): Snapshot {
  return { run_id: runId, scenario_id: 'scn-1', run_at: '2026-03-01T10:00:00.000Z', nodes };
}

let calcSeq = 0;
function calc(runId: string, nodeId: string, name: string, status: CalcStatus, extra: Partial<NodeCalc> = {}): NodeCalc {
  calcSeq++;
  return {
    calc_id: `calc-${String(calcSeq).padStart(4, '0')}`,
    run_id: runId,
    node_id: nodeId,
    node_name: name,
    node_type: 'calc',
    status,
    fail_reason: status === 'failed' ? `${name} failed` : null,
    processing_start_at: '2026-03-01T10:00:01.000Z',
    processing_end_at: '2026-03-01T10:00:02.000Z',
    processing_duration: 1,
    ...extra,
  };
}

const A = run('run-a', 'success', '2026-03-01T10:00:00.000Z');
const B = run('run-b', 'failed', '2026-03-02T10:00:00.000Z');

describe('diffRuns', () => {
  it('classifies changed / added / removed / unchanged nodes by node_id', () => {
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', [
        node('n1', 'Rates', 'h1', { rates: [1, 2, 3] }),
        node('n2', 'Same', 'h2', { x: 1 }),
        node('n3', 'Gone', 'h3', { y: 1 }),
        node('n4', 'NeverSet', null, null),
        node('n6', 'GoneFromSnapshot', 'h6', 1),
      ]),
      snapshotB: snap('run-b', [
        node('n1', 'Rates', 'h1b', { rates: [1, 2, 4] }, '2026-03-01T12:00:00.000Z'),
        node('n2', 'Same', 'h2', { x: 1 }),
        node('n3', 'Gone', null, null),
        node('n4', 'NeverSet', null, null),
        node('n5', 'New', 'h5', { z: 1 }),
      ]),
      calcsA: [],
      calcsB: [],
    });
    assert.deepEqual(
      d.changed.map((c) => c.node_id),
      ['n1'],
    );
    const n1 = d.changed[0]!;
    assert.deepEqual(n1.paths, ['$.rates[2]']);
    assert.deepEqual(n1.path_changes, [{ path: '$.rates[2]', kind: 'changed', before: 3, after: 4 }]);
    assert.deepEqual(n1.before, { input_hash: 'h1', input_data: { rates: [1, 2, 3] }, saved_at: null, saved_by: null });
    assert.equal(n1.after.input_hash, 'h1b');
    assert.equal(n1.after.saved_at, '2026-03-01T12:00:00.000Z');
    assert.equal(n1.failed_in_b, false);
    assert.deepEqual(
      d.added.map((n) => n.node_id),
      ['n5'],
    );
    assert.deepEqual(
      d.removed.map((n) => n.node_id),
      ['n3', 'n6'], // by node_name: Gone < GoneFromSnapshot
    );
    assert.equal(d.removed[0]!.node_name, 'Gone');
    assert.equal(d.unchanged_count, 2); // n2 (same hash+data) and n4 (null on both sides)
    assert.equal(d.run_a, A);
    assert.equal(d.run_b, B);
  });

  it('counts a node as changed when hashes match but the data differs, and unchanged when both match', () => {
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', [node('n1', 'X', 'same', { a: 1 }), node('n2', 'Y', 'same2', { a: 1 })]),
      snapshotB: snap('run-b', [node('n1', 'X', 'same', { a: 2 }), node('n2', 'Y', 'same2', { a: 1 })]),
      calcsA: [],
      calcsB: [],
    });
    assert.deepEqual(
      d.changed.map((c) => [c.node_id, c.paths]),
      [['n1', ['$.a']]],
    );
    assert.equal(d.unchanged_count, 1);
  });

  it('counts a node as changed when only the hash differs (data identical), with no paths', () => {
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', [node('n1', 'X', 'h-old', { a: 1 })]),
      snapshotB: snap('run-b', [node('n1', 'X', 'h-new', { a: 1 })]),
      calcsA: [],
      calcsB: [],
    });
    assert.equal(d.changed.length, 1);
    assert.deepEqual(d.changed[0]!.paths, []);
  });

  it('orders changed nodes: failed in B first, then most recent save, then name', () => {
    const nodesA = ['a', 'b', 'c', 'd', 'e'].map((id) => node(id, id.toUpperCase(), `${id}1`, 1));
    const nodesB = [
      node('a', 'Alpha', 'a2', 2, '2026-03-01T11:00:00.000Z'),
      node('b', 'Bravo', 'b2', 2, '2026-03-01T11:00:00.5Z'), // later than a, mixed precision
      node('c', 'Charlie', 'c2', 2, '2026-03-01T09:00:00.000Z'), // oldest, but its calc failed
      node('d', 'Delta', 'd2', 2, null), // no saved_at: after all dated ones
      node('e', 'Echo', 'e2', 2, '2026-03-01T11:00:00.000Z'), // ties with a: by name
    ];
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', nodesA),
      snapshotB: snap('run-b', nodesB),
      calcsA: [],
      calcsB: [calc('run-b', 'c', 'Charlie', 'failed'), calc('run-b', 'a', 'Alpha', 'success')],
    });
    assert.deepEqual(
      d.changed.map((c) => c.node_name),
      ['Charlie', 'Bravo', 'Alpha', 'Echo', 'Delta'],
    );
    assert.deepEqual(
      d.changed.map((c) => c.failed_in_b),
      [true, false, false, false, false],
    );
  });

  it('compares calcs: status differences and failures in B, failures first then by name', () => {
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', []),
      snapshotB: snap('run-b', []),
      calcsA: [
        calc('run-a', 'x', 'Xray', 'success', { processing_duration: 2 }),
        calc('run-a', 'y', 'Yankee', 'success'),
        calc('run-a', 'z', 'Zulu', 'failed'),
        calc('run-a', 'w', 'Whiskey', 'success'),
        calc('run-a', 'v', 'Victor', 'success'),
      ],
      calcsB: [
        calc('run-b', 'x', 'Xray', 'failed', { processing_duration: 9 }),
        calc('run-b', 'y', 'Yankee', 'success'), // same status: not listed
        calc('run-b', 'z', 'Zulu', 'failed'), // failed in both: listed (failed in B)
        calc('run-b', 'w', 'Whiskey', 'skipped'),
        calc('run-b', 'u', 'Uniform', 'success'), // only in B
      ],
    });
    assert.deepEqual(
      d.calc.map((c) => [c.node_name, c.status_a, c.status_b]),
      [
        ['Xray', 'success', 'failed'],
        ['Zulu', 'failed', 'failed'],
        ['Uniform', null, 'success'],
        ['Victor', 'success', null],
        ['Whiskey', 'success', 'skipped'],
      ],
    );
    const x = d.calc[0]!;
    assert.equal(x.fail_reason_b, 'Xray failed');
    assert.equal(x.duration_a, 2);
    assert.equal(x.duration_b, 9);
  });

  it('prefers a failed calc when a node has several calcs in one run', () => {
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', [node('n', 'N', 'h1', 1)]),
      snapshotB: snap('run-b', [node('n', 'N', 'h2', 2)]),
      calcsA: [calc('run-a', 'n', 'N', 'success')],
      calcsB: [
        calc('run-b', 'n', 'N', 'failed', { processing_start_at: '2026-03-02T10:00:01.000Z' }),
        calc('run-b', 'n', 'N', 'success', { processing_start_at: '2026-03-02T10:00:05.000Z' }),
      ],
    });
    assert.equal(d.changed[0]!.failed_in_b, true);
    assert.equal(d.calc[0]!.status_b, 'failed');
  });

  it('returns empty lists for identical runs', () => {
    const nodes = [node('n1', 'A', 'h', { a: [1] })];
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', nodes),
      snapshotB: snap('run-b', nodes),
      calcsA: [calc('run-a', 'n1', 'A', 'success')],
      calcsB: [calc('run-b', 'n1', 'A', 'success')],
    });
    assert.deepEqual([d.changed, d.added, d.removed, d.calc], [[], [], [], []]);
    assert.equal(d.unchanged_count, 1);
  });
});

describe('lastSuccessFirstFailure', () => {
  const ids = (r: { lastSuccess: RunSummary | null; firstFailure: RunSummary | null }): [string | null, string | null] => [
    r.lastSuccess?.run_id ?? null,
    r.firstFailure?.run_id ?? null,
  ];
  const t = (h: number): string => `2026-03-01T${String(h).padStart(2, '0')}:00:00.000Z`;

  it('returns nulls for no runs', () => {
    assert.deepEqual(ids(lastSuccessFirstFailure([])), [null, null]);
  });

  it('returns nulls when there are only successes (or only queued/running runs)', () => {
    assert.deepEqual(ids(lastSuccessFirstFailure([run('s1', 'success', t(1)), run('s2', 'success', t(2))])), [null, null]);
    assert.deepEqual(ids(lastSuccessFirstFailure([run('q', 'queued', t(1)), run('r', 'running', t(2))])), [null, null]);
  });

  it('finds the last success and the first failure of the streak after it, in any input order', () => {
    const runs = [
      run('f3', 'failed', t(6)),
      run('s1', 'success', t(1)),
      run('f2', 'timeout', t(5)),
      run('s2', 'success', t(3)),
      run('f1', 'failed', t(4)),
      run('f0', 'failed', t(2)),
    ];
    assert.deepEqual(ids(lastSuccessFirstFailure(runs)), ['s2', 'f1']);
  });

  it('handles failure → success → failure', () => {
    const runs = [run('f1', 'failed', t(1)), run('s1', 'success', t(2)), run('f2', 'failed', t(3))];
    assert.deepEqual(ids(lastSuccessFirstFailure(runs)), ['s1', 'f2']);
  });

  it('returns lastSuccess null and the first failure when no success precedes the failures', () => {
    const runs = [run('f2', 'timeout', t(2)), run('f1', 'failed', t(1)), run('s-later', 'success', t(3))];
    assert.deepEqual(ids(lastSuccessFirstFailure(runs)), [null, 'f1']);
  });

  it('keeps the most recent failure streak even when the scenario recovered afterwards', () => {
    const runs = [run('s1', 'success', t(1)), run('f1', 'failed', t(2)), run('s2', 'success', t(3))];
    assert.deepEqual(ids(lastSuccessFirstFailure(runs)), ['s1', 'f1']);
  });

  it('ignores queued/running runs inside the streak', () => {
    const runs = [
      run('s1', 'success', t(1)),
      run('r1', 'running', t(2)),
      run('q1', 'queued', t(3)),
      run('f1', 'failed', t(4)),
    ];
    assert.deepEqual(ids(lastSuccessFirstFailure(runs)), ['s1', 'f1']);
  });

  it('breaks ties on run_at by run_id', () => {
    const same = t(5);
    // Same timestamp: 'a-…' sorts before 'b-…', so the success comes first.
    assert.deepEqual(
      ids(lastSuccessFirstFailure([run('b-fail', 'failed', same), run('a-ok', 'success', same)])),
      ['a-ok', 'b-fail'],
    );
    // Reversed ids: the failure comes first and no success precedes it.
    assert.deepEqual(
      ids(lastSuccessFirstFailure([run('a-fail', 'failed', same), run('b-ok', 'success', same)])),
      [null, 'a-fail'],
    );
  });

  it('orders mixed-precision timestamps correctly', () => {
    const runs = [
      run('f1', 'failed', '2026-03-01T10:00:00.0005Z'),
      run('s1', 'success', '2026-03-01T10:00:00Z'),
      run('s2', 'success', '2026-03-01T10:00:00.000400Z'),
    ];
    assert.deepEqual(ids(lastSuccessFirstFailure(runs)), ['s2', 'f1']);
  });
});

describe('issue 20 item 7: inputs nested 10,000 levels deep', () => {
  const DEPTH = 10_000;
  function deep(leaf: unknown): unknown {
    let v: unknown = leaf;
    for (let i = 0; i < DEPTH; i++) v = { a: v };
    return v;
  }
  /** How many levels of `{a: …}` a value has before something else. */
  function levels(v: unknown): number {
    let n = 0;
    while (v !== null && typeof v === 'object' && 'a' in (v as object)) {
      v = (v as { a: unknown }).a;
      n++;
    }
    return n;
  }
  const A = run('run-a', 'success', '2026-03-01T10:00:00.000Z');
  const B = run('run-b', 'failed', '2026-03-02T10:00:00.000Z');

  it('an added, a removed and a changed node that deep: the diff is ranked and serialises, each value cut at MAX_JSON_DEPTH', () => {
    const d = diffRuns({
      runA: A,
      runB: B,
      snapshotA: snap('run-a', [node('n1', 'Changed', 'h1', deep(1)), node('n3', 'Removed', 'h3', deep('gone'))]),
      snapshotB: snap('run-b', [node('n1', 'Changed', 'h2', deep(2), '2026-03-01T12:00:00.000Z'), node('n2', 'Added', 'h4', deep('new'), '2026-03-01T13:00:00.000Z')]),
      calcsA: [],
      calcsB: [calc('run-b', 'c1', 'Calc', 'failed')],
    });
    assert.deepEqual(
      [d.changed.map((c) => c.node_id), d.added.map((c) => c.node_id), d.removed.map((c) => c.node_id)],
      [['n1'], ['n2'], ['n3']],
    );
    // The changed path is exact at any depth.
    assert.equal(d.changed[0].paths.length, 1);
    assert.equal(d.changed[0].paths[0], `$${'.a'.repeat(DEPTH)}`);
    const text = JSON.stringify(d);
    const back = JSON.parse(text) as typeof d;
    assert.equal(levels(back.added[0].input_data), MAX_JSON_DEPTH);
    assert.equal(levels(back.removed[0].input_data), MAX_JSON_DEPTH);
    assert.equal(levels(back.changed[0].after.input_data), MAX_JSON_DEPTH);
    assert.ok(text.includes(TOO_DEEP));
  });
});
