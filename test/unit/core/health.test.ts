import assert from 'node:assert/strict';
import { exitCodeOf, healthVerdict, successRate, type HealthInput, type HealthRun } from '../../../src/core/health';

const NOW = '2026-03-10T12:00:00.000Z';
const COUNTS = { dim_run: 1000, fact_scenario_events: 5000 };
let nextId = 100;

function run(p: Partial<HealthRun>): HealthRun {
  return { id: nextId--, mode: 'incremental', started_at: NOW, status: 'success', attempt: 1, duration_ms: 2000, row_counts: COUNTS, pruned: null, error: null, ...p };
}

function input(p: Partial<HealthInput>): HealthInput {
  return { now: NOW, schema: true, lastSuccessAt: '2026-03-10T11:50:00.000Z', runs: [run({}), run({}), run({}), run({}), run({})], ...p };
}

const check = (i: HealthInput, name: string) => healthVerdict(i).checks.find((c) => c.name === name)!;

describe('health verdict', () => {
  it('fresh data, a successful last run, steady counts: ok, exit 0', () => {
    const h = healthVerdict(input({}));
    assert.equal(h.status, 'ok');
    assert.deepEqual(h.checks.map((c) => c.name), ['data_age', 'consecutive_failures', 'duration', 'row_counts']);
    assert.deepEqual(h.checks.map((c) => c.status), ['ok', 'ok', 'ok', 'ok']);
    assert.equal(exitCodeOf(h.status), 0);
    assert.match(h.checks[0].detail, /10 min ago \(limit 30 min\)/);
  });

  it('data age: warning beyond the limit, critical beyond twice it, critical when never loaded', () => {
    assert.equal(check(input({ lastSuccessAt: '2026-03-10T11:30:00.000Z' }), 'data_age').status, 'ok'); // exactly 30 min
    assert.equal(check(input({ lastSuccessAt: '2026-03-10T11:29:00.000Z' }), 'data_age').status, 'warning');
    assert.equal(check(input({ lastSuccessAt: '2026-03-10T10:59:00.000Z' }), 'data_age').status, 'critical');
    assert.equal(healthVerdict(input({ lastSuccessAt: '2026-03-10T11:29:00.000Z' }), { maxAgeMinutes: 60 }).checks[0].status, 'ok');
    const never = healthVerdict(input({ schema: false, lastSuccessAt: null, runs: [] }));
    assert.equal(never.status, 'critical');
    assert.equal(exitCodeOf(never.status), 2);
    assert.match(never.checks[0].detail, /never succeeded/);
  });

  it('consecutive failures: retries of one run count once, cancelled runs not at all', () => {
    const one = input({ runs: [run({ status: 'failed', attempt: 2, error: 'cannot connect' }), run({ status: 'failed', attempt: 1 }), run({})] });
    const c1 = check(one, 'consecutive_failures');
    assert.equal(c1.status, 'warning');
    assert.match(c1.detail, /^1 failed run in a row \(2 attempts\).*last error: cannot connect/);
    assert.equal(exitCodeOf(healthVerdict(one).status), 1);
    const two = input({ runs: [run({ status: 'failed', attempt: 1 }), run({ status: 'cancelled' }), run({ status: 'failed', attempt: 1 }), run({})] });
    assert.equal(check(two, 'consecutive_failures').status, 'critical');
    assert.equal(healthVerdict(two).status, 'critical');
    const recovered = input({ runs: [run({}), run({ status: 'failed' }), run({ status: 'failed' })] });
    assert.equal(check(recovered, 'consecutive_failures').status, 'ok');
  });

  it('duration: a warning when the last run takes far longer than the median of the same mode', () => {
    const slow = input({ runs: [run({ duration_ms: 200_000 }), run({ duration_ms: 2000 }), run({ duration_ms: 3000 }), run({ duration_ms: 2500 }), run({ mode: 'full', duration_ms: 900_000 })] });
    const d = check(slow, 'duration');
    assert.equal(d.status, 'warning');
    assert.match(d.detail, /median of the 3 before: 3 s/);
    // Within factor × median + slack: fine; too few runs: not judged.
    assert.equal(check(input({ runs: [run({ duration_ms: 60_000 }), run({}), run({}), run({})] }), 'duration').status, 'ok');
    assert.equal(check(input({ runs: [run({ duration_ms: 900_000 }), run({})] }), 'duration').status, 'ok');
  });

  it('row counts: a drop beyond the factor is critical, a jump a warning, pruned rows are no drop', () => {
    const drop = input({ runs: [run({ row_counts: { dim_run: 400, fact_scenario_events: 5000 } }), run({})] });
    const c = check(drop, 'row_counts');
    assert.equal(c.status, 'critical');
    assert.match(c.detail, /dim_run 1000 → 400/);
    assert.doesNotMatch(c.detail, /fact_scenario_events/);
    const jump = input({ runs: [run({ row_counts: { dim_run: 1000, fact_scenario_events: 10_001 } }), run({})] });
    assert.equal(check(jump, 'row_counts').status, 'warning');
    const pruned = input({ runs: [run({ row_counts: { dim_run: 400, fact_scenario_events: 5000 }, pruned: { dim_run: 600 } }), run({})] });
    assert.equal(check(pruned, 'row_counts').status, 'ok');
    // A first load (tiny table before) is not a jump.
    const first = input({ runs: [run({ row_counts: { dim_run: 1000 } }), run({ row_counts: { dim_run: 0 } })] });
    assert.equal(check(first, 'row_counts').status, 'ok');
  });

  it('success rate: successes over finished runs (each attempt a row, cancelled ones aside) in the newest 60 rows', () => {
    const runs = [
      run({ started_at: '2026-03-10T11:45:00.000Z' }),
      run({ status: 'failed', attempt: 2, started_at: '2026-03-10T11:30:00.000Z' }),
      run({ status: 'failed', attempt: 1, started_at: '2026-03-10T11:29:00.000Z' }),
      run({ status: 'cancelled', started_at: '2026-03-10T11:15:00.000Z' }),
      run({ started_at: '2026-03-10T11:00:00.000Z' }),
    ];
    const h = healthVerdict(input({ runs }));
    assert.deepEqual(h.success_rate, { window: 60, runs: 5, succeeded: 2, failed: 2, cancelled: 1, rate: 0.5, since: '2026-03-10T11:00:00.000Z' });
    assert.deepEqual(Object.keys(h).sort(), ['checks', 'metrics', 'status', 'success_rate'], 'the contract fields stay');
    // Only the window counts: 3 failures after 60 successes leave the oldest 3 successes out.
    const long = [...Array.from({ length: 3 }, () => run({ status: 'failed' })), ...Array.from({ length: 60 }, () => run({}))];
    const r = successRate(long);
    assert.deepEqual([r.runs, r.succeeded, r.failed, r.rate], [60, 57, 3, 0.95]);
    assert.deepEqual(successRate([]), { window: 60, runs: 0, succeeded: 0, failed: 0, cancelled: 0, rate: null, since: null });
    assert.equal(successRate([run({ status: 'cancelled' })]).rate, null, 'no finished run: no rate');
  });
});
