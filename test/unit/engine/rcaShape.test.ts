/** The pure part of the /rca answers (src/engine/rca/shape.ts), on hand-built rows. */
import assert from 'node:assert/strict';
import type { RunDiff } from '../../../src/core/types';
import type { RunCard } from '../../../src/engine/rca/schemas';
import {
  designOf,
  errorSummaryOf,
  failureDeltaOf,
  inputChangesOf,
  levelRank,
  noFailureVerdict,
  runCard,
  secondsBetween,
  topCategoriesOf,
  type CategoryGroupRow,
  type RunCardRow,
  type SummaryRunRow,
} from '../../../src/engine/rca/shape';
import { runSummary } from '../fixtures';

const T = (d: number, h = 0) => `2030-10-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;

describe('rca shape: design categories', () => {
  it('the stored design category wins; else ours mapped (an infrastructure failure by its kind)', () => {
    assert.equal(designOf('database', 'validation', 'whatever'), 'database');
    assert.equal(designOf(null, 'data', 'KeyError: x'), 'validation');
    assert.equal(designOf(null, 'infrastructure', 'could not connect to server: Connection refused'), 'database');
    assert.equal(designOf(null, 'infrastructure', 'waited in the queue for 40 minutes'), 'timeout');
    assert.equal(designOf(null, 'infrastructure', 'worker killed: out of memory'), 'calculation');
    assert.equal(designOf(null, 'other', 'something odd'), 'calculation');
    assert.equal(designOf('bogus', 'timeout', null), 'timeout', 'a value that is not one of the four is not trusted');
    assert.equal(designOf(null, null, 'text'), null);
    assert.equal(designOf(null, 'not-a-category', 'text'), null);
  });

  it('a run card has categories only when the run failed', () => {
    const row: RunCardRow = {
      run_id: 'r',
      scenario_id: 's',
      scenario_name: 'S',
      run_status: 'failed',
      run_at: T(1),
      run_complete_at: T(1, 1),
      duration_seconds: 3600,
      run_by: 'u',
      request_id: null,
      fail_reason: 'deadlock detected',
      error_category: null,
      error_category_detail: 'infrastructure',
      total_nodes: 4,
      failed_nodes: 1,
      stack_trace: 'x',
      previous_success_run_id: null,
    };
    const c = runCard(row);
    assert.deepEqual([c.error_category, c.error_category_detail], ['database', 'infrastructure']);
    assert.ok(!('stack_trace' in c) && !('previous_success_run_id' in c), 'the card has the schema\'s fields only');
    assert.deepEqual([runCard({ ...row, run_status: 'success' }).error_category, runCard({ ...row, run_status: 'success' }).error_category_detail], [null, null]);
    assert.equal(runCard({ ...row, run_status: 'timeout', error_category: 'timeout', error_category_detail: 'timeout' }).error_category, 'timeout');
  });
});

describe('rca shape: comparison', () => {
  const node = (id: string, name: string) => ({ node_id: id, node_name: name, node_type: 'input' });
  const changed = (id: string, name: string, before: string, after: string, at: string, score: number) => ({
    ...node(id, name),
    before: { input_hash: before, input_data: { v: before }, saved_at: T(1), saved_by: 'a' },
    after: { input_hash: after, input_data: { v: after }, saved_at: at, saved_by: 'b' },
    paths: ['$.v'],
    path_changes: [],
    failed_in_b: false,
    score,
    evidence: [],
  });
  const diff = (status: string): RunDiff => ({
    run_a: runSummary({ run_id: 'ra', run_status: 'success' }),
    run_b: runSummary({ run_id: 'rb', run_status: status as never }),
    changed: [changed('n1', 'One', 'h1', 'h2', T(3), 2), changed('n2', 'Two', 'h3', 'h4', T(4), 9)],
    added: [{ ...node('n3', 'Three'), input_hash: 'h5', input_data: 5, score: 4, evidence: [] }],
    removed: [{ ...node('n4', 'Four'), input_hash: 'h6', input_data: 6, score: 0, evidence: [] }],
    unchanged_count: 1,
    calc: [
      { node_id: 'n1', node_name: 'One', status_a: 'success', status_b: 'failed', fail_reason_b: 'x', duration_a: 1, duration_b: 2 },
      { node_id: 'n5', node_name: 'Five', status_a: 'failed', status_b: 'success', fail_reason_b: null, duration_a: 1, duration_b: 2 },
      { node_id: 'n6', node_name: 'Six', status_a: 'failed', status_b: 'failed', fail_reason_b: 'y', duration_a: 1, duration_b: 2 },
      { node_id: 'n7', node_name: 'Seven', status_a: null, status_b: 'failed', fail_reason_b: 'z', duration_a: null, duration_b: 2 },
    ],
    confidence: 'weak',
    verdict: { kind: 'unknown', node_id: null, summary: 's' },
  });

  it('input changes of a failure in the ranking\'s order (by score), rank from 1', () => {
    const x = inputChangesOf(diff('failed'));
    assert.deepEqual(x.map((c) => [c.node_id, c.change, c.rank]), [['n2', 'changed', 1], ['n3', 'added', 2], ['n1', 'changed', 3], ['n4', 'removed', 4]]);
    assert.deepEqual(x[0], { node_id: 'n2', node_name: 'Two', change: 'changed', before_hash: 'h3', after_hash: 'h4', before_value: { v: 'h3' }, after_value: { v: 'h4' }, changed_at: T(4), changed_by: 'b', rank: 1 });
    assert.deepEqual(x[1], { node_id: 'n3', node_name: 'Three', change: 'added', before_hash: null, after_hash: 'h5', before_value: null, after_value: 5, changed_at: null, changed_by: null, rank: 2 });
    assert.deepEqual(x[3], { node_id: 'n4', node_name: 'Four', change: 'removed', before_hash: 'h6', after_hash: null, before_value: 6, after_value: null, changed_at: null, changed_by: null, rank: 4 });
  });

  it('no failure to rank: the diff\'s order, rank null', () => {
    assert.deepEqual(inputChangesOf(diff('success')).map((c) => [c.node_id, c.rank]), [['n1', null], ['n2', null], ['n3', null], ['n4', null]]);
  });

  it('the failure delta: newly failed, recovered (still failing is neither), reasons, duration', () => {
    const card = (status: string, failed: number, duration: number | null, reason: string | null) => ({ run_status: status, failed_nodes: failed, duration_seconds: duration, fail_reason: reason }) as RunCard;
    assert.deepEqual(failureDeltaOf(diff('failed'), card('success', 1, 600.25, null), card('failed', 3, 180.5, 'boom')), {
      status_before: 'success',
      status_after: 'failed',
      failed_nodes_before: 1,
      failed_nodes_after: 3,
      newly_failed_nodes: [{ node_id: 'n1', node_name: 'One' }, { node_id: 'n7', node_name: 'Seven' }],
      recovered_nodes: [{ node_id: 'n5', node_name: 'Five' }],
      fail_reason_before: null,
      fail_reason_after: 'boom',
      duration_delta_seconds: -419.75,
    });
    assert.equal(failureDeltaOf(diff('failed'), card('success', 0, null, null), card('failed', 1, 5, 'x')).duration_delta_seconds, null);
    assert.equal(secondsBetween(T(2), T(4)), 172800);
    assert.equal(secondsBetween(T(4), T(2)), -172800);
  });
});

describe('rca shape: top categories', () => {
  const g = (design: string | null, detail: string, signature: string | null, sample: string, failures: number, scenarios: string[], last: string): CategoryGroupRow => ({
    design_category: design,
    category_detail: detail,
    signature,
    sample_reason: sample,
    failures,
    scenario_ids: scenarios,
    last_seen: last,
  });

  it('no failure: the four categories, all zero, in the design\'s order', () => {
    const b = topCategoriesOf([], { from: T(1), until: null }, 5);
    assert.deepEqual(b.total_failures, 0);
    assert.deepEqual(b.categories.map((c) => [c.category, c.failures, c.share, c.scenarios, c.last_seen, c.detail, c.top_signatures]), [
      ['timeout', 0, 0, 0, null, [], []],
      ['validation', 0, 0, 0, null, [], []],
      ['calculation', 0, 0, 0, null, [], []],
      ['database', 0, 0, 0, null, [], []],
    ]);
    assert.deepEqual([b.from, b.until], [T(1), null]);
  });

  it('groups merge by design category: counts, distinct scenarios, last seen, our categories, signatures across groups', () => {
    const rows = [
      g(null, 'data', 'KeyError <s>', "KeyError 'a'", 3, ['s1', 's2'], T(5)),
      g(null, 'validation', 'ValidationError <n>', 'ValidationError 7', 2, ['s2', 's3'], T(6)),
      g('validation', 'other', 'KeyError <s>', "KeyError 'b'", 1, ['s4'], T(7)),
      g(null, 'infrastructure', 'connection refused', 'connection refused', 2, ['s1'], T(2)),
      g(null, 'timeout', null, 'n/a', 1, ['s9'], T(3)),
      g(null, 'calculation', 'div <n>', 'div 1', 1, ['s5'], T(1)),
    ];
    const b = topCategoriesOf(rows, { from: null, until: null }, 1);
    assert.equal(b.total_failures, 10);
    const v = b.categories[0];
    assert.deepEqual(v, {
      category: 'validation',
      failures: 6,
      share: 0.6,
      scenarios: 4,
      last_seen: T(7),
      detail: [{ category_detail: 'data', failures: 3 }, { category_detail: 'validation', failures: 2 }, { category_detail: 'other', failures: 1 }],
      // KeyError: 3 + 1 across two groups, the sample of the latest group; limit 1.
      top_signatures: [{ signature: 'KeyError <s>', sample_reason: "KeyError 'b'", failures: 4, last_seen: T(7) }],
    });
    assert.deepEqual(b.categories.slice(1).map((c) => [c.category, c.failures, c.share, c.scenarios]), [
      ['database', 2, 0.2, 1],
      ['timeout', 1, 0.1, 1],
      ['calculation', 1, 0.1, 1],
    ]);
    assert.deepEqual(b.categories[2].top_signatures, [], 'a group without a signature counts, lists no signature');
  });
});

describe('rca shape: error summary', () => {
  const run = (i: number, status: string, signature: string | null, detail: string | null, design: string | null = null): SummaryRunRow => ({
    run_id: `r${i}`,
    run_status: status,
    run_at: T(i),
    at: T(i, 1),
    fail_reason: signature && `${signature} #${i}`,
    fail_signature: signature,
    design_category: design,
    category_detail: detail,
  });

  it('counts, first and last failure, categories, signatures with at most ten run ids, newest first', () => {
    // Newest first, as rca_error_summary.sql returns them.
    const rows = [
      ...Array.from({ length: 12 }, (_, k) => run(28 - k, 'failed', 'A', 'validation')),
      run(16, 'success', null, null),
      run(15, 'timeout', 'B', 'timeout', 'timeout'),
      run(14, 'failed', null, null),
      run(13, 'running', null, null),
    ];
    const s = errorSummaryOf({ scenario_id: 's', scenario_name: 'S' }, { from: null, until: T(30) }, rows, [{ node_id: 'n', node_name: 'N', failures: 2 }], 7);
    assert.deepEqual({ ...s, signatures: undefined }, {
      scenario_id: 's',
      scenario_name: 'S',
      from: null,
      until: T(30),
      runs: 16,
      failed_runs: 14,
      first_failure_at: T(14, 1),
      last_failure_at: T(28, 1),
      categories: [{ category: 'validation', failures: 12 }, { category: 'timeout', failures: 1 }, { category: 'calculation', failures: 1 }],
      signatures: undefined,
      failing_nodes: [{ node_id: 'n', node_name: 'N', failures: 2 }],
      log_errors: 7,
    });
    assert.deepEqual(s.signatures, [
      { signature: 'A', sample_reason: 'A #28', failures: 12, first_seen: T(17, 1), last_seen: T(28, 1), run_ids: ['r28', 'r27', 'r26', 'r25', 'r24', 'r23', 'r22', 'r21', 'r20', 'r19'] },
      { signature: 'B', sample_reason: 'B #15', failures: 1, first_seen: T(15, 1), last_seen: T(15, 1), run_ids: ['r15'] },
    ]);
  });

  it('no failure: zeros and empty lists', () => {
    const s = errorSummaryOf({ scenario_id: 's', scenario_name: 'S' }, { from: null, until: null }, [run(1, 'success', null, null)], [], 0);
    assert.deepEqual([s.runs, s.failed_runs, s.first_failure_at, s.last_failure_at, s.categories, s.signatures], [1, 0, null, null, [], []]);
  });
});

describe('rca shape: levels and verdicts', () => {
  it('a level filter is the least severe level listed', () => {
    assert.deepEqual([undefined, 'debug', 'info', 'warn', 'error', 'fatal'].map((l) => levelRank(l as never)), [0, 1, 2, 3, 4, 5]);
  });

  it('a run that did not fail has nothing to explain', () => {
    assert.deepEqual(noFailureVerdict('success'), { confidence: 'none', verdict: { kind: 'unknown', node_id: null, summary: 'The run succeeded: there is no failure to explain.' } });
    assert.equal(noFailureVerdict('running').verdict.summary, 'The run is running: there is no failure to explain.');
  });
});
