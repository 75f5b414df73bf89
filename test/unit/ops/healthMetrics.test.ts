/**
 * The design's four health metrics (src/core/health.ts), each on inputs whose answer is known:
 * the success rate against > 99 % (critical after 2 failed runs in a row), freshness against
 * 30 minutes, a day's row growth against the 14-day average (±50 %), the ETL's durations.
 */
import assert from 'node:assert/strict';
import { exitCodeOf, healthVerdict, type GrowthDay, type HealthInput, type HealthMetric, type HealthRun } from '../../../src/core/health';
import { parseArgs } from '../../../src/cli/args';
import { serveCommand, serveSettings } from '../../../src/cli/commands/serve';
import { RETAIN_DAYS } from '../../../src/cli/options';
import { monthlyPruneDue, retentionCutoff } from '../../../src/etl/retention';

const NOW = '2026-12-17T10:00:00.000Z';
let nextId = 1000;

function run(p: Partial<HealthRun> = {}): HealthRun {
  return { id: nextId--, mode: 'incremental', started_at: NOW, status: 'success', attempt: 1, duration_ms: 3000, row_counts: { dim_run: 500 }, pruned: null, error: null, ...p };
}

function input(p: Partial<HealthInput> = {}): HealthInput {
  return { now: NOW, schema: true, lastSuccessAt: '2026-12-17T09:50:00.000Z', runs: Array.from({ length: 5 }, () => run()), ...p };
}

const metric = (i: HealthInput, name: HealthMetric['name']): HealthMetric => healthVerdict(i).metrics!.find((m) => m.name === name)!;

/** `n` days ending on 2026-12-16 (index n − 1), the total growing by `added(index)` rows a day from 100,000. */
function days(added: (i: number) => number, pruned: (i: number) => number = () => 0, n = 16): GrowthDay[] {
  const out: GrowthDay[] = [];
  let total = 100_000;
  for (let i = 0; i < n; i++) {
    if (i > 0) total += added(i) - pruned(i);
    out.push({ day: new Date(Date.parse('2026-12-16T00:00:00Z') - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10), total, pruned: pruned(i) });
  }
  return out;
}

describe("health: the design's four metrics", () => {
  it('are reported in order, each with a target, and all ok on a healthy log', () => {
    const h = healthVerdict(input({ growth: days(() => 1000) }));
    assert.deepEqual(
      h.metrics!.map((m) => [m.name, m.status, m.target]),
      [
        ['etl_success_rate', 'ok', '> 99 %'],
        ['data_freshness', 'ok', '< 30 min'],
        ['row_count_growth', 'ok', 'within ±50 % of the 14-day average'],
        ['etl_duration', 'ok', 'incremental < 2 min, full < 30 min'],
      ],
    );
    assert.equal(h.status, 'ok');
    assert.deepEqual(h.metrics!.map((m) => m.value), [100, 10, 0, 3]);
  });

  it('ETL success rate: below 99 % a warning; two failed runs in a row critical (a retry counts once)', () => {
    const ninetyNine = Array.from({ length: 60 }, (_, i) => run({ status: i === 30 ? 'failed' : 'success' }));
    const m = metric(input({ runs: ninetyNine }), 'etl_success_rate');
    assert.equal(m.status, 'warning', '59 of 60 is 98.3 %');
    assert.equal(m.value, (59 / 60) * 100);
    assert.deepEqual([m.facts.finished, m.facts.failed], [60, 1]);
    const retried = [run({ status: 'failed', attempt: 2 }), run({ status: 'failed', attempt: 1 }), ...Array.from({ length: 200 }, () => run())];
    assert.equal(metric(input({ runs: retried }), 'etl_success_rate').status, 'warning', 'one run failing twice is one failure in a row');
    const twice = [run({ status: 'failed' }), run({ status: 'failed', attempt: 2 }), run({ status: 'failed' }), ...Array.from({ length: 200 }, () => run())];
    const critical = healthVerdict(input({ runs: twice }));
    assert.equal(critical.metrics![0].status, 'critical');
    assert.equal(critical.metrics![0].facts.failed_in_a_row, 2);
    assert.equal(exitCodeOf(critical.status), 2);
    assert.equal(metric(input({ runs: [] }), 'etl_success_rate').value, null);
  });

  it('data freshness: 30 minutes is ok, beyond it a warning, beyond twice it critical; never loaded critical', () => {
    assert.equal(metric(input({ lastSuccessAt: '2026-12-17T09:30:00.000Z' }), 'data_freshness').status, 'ok');
    const stale = metric(input({ lastSuccessAt: '2026-12-17T09:15:00.000Z' }), 'data_freshness');
    assert.deepEqual([stale.status, stale.value], ['warning', 45]);
    assert.equal(metric(input({ lastSuccessAt: '2026-12-17T08:59:00.000Z' }), 'data_freshness').status, 'critical');
    assert.equal(metric(input({ schema: false, lastSuccessAt: null, runs: [] }), 'data_freshness').status, 'critical');
  });

  it('row-count growth: the last complete day against the 14 days before it; beyond ±50 % a warning', () => {
    const spike = metric(input({ growth: days((i) => (i === 15 ? 1600 : 1000)) }), 'row_count_growth');
    assert.deepEqual([spike.status, spike.value, spike.facts.day, spike.facts.new_rows, spike.facts.average, spike.facts.days_averaged], ['warning', 60, '2026-12-16', 1600, 1000, 14]);
    assert.equal(metric(input({ growth: days((i) => (i === 15 ? 1400 : 1000)) }), 'row_count_growth').status, 'ok', '+40 %');
    const drop = metric(input({ growth: days((i) => (i === 15 ? 400 : 1000)) }), 'row_count_growth');
    assert.deepEqual([drop.status, drop.value], ['warning', -60]);
    // Today (partial) is not judged; the retention's prune is added back (a day that pruned 50,000 rows grew by 1,000).
    const today = [...days(() => 1000), { day: '2026-12-17', total: 500_000, pruned: 0 }];
    assert.equal(metric(input({ growth: today }), 'row_count_growth').status, 'ok');
    assert.equal(metric(input({ growth: days(() => 1000, (i) => (i === 15 ? 50_000 : 0)) }), 'row_count_growth').status, 'ok');
    // The window is 14 days: a spike 14 days back is inside it (the day looks low), 15 days back outside.
    const inside = metric(input({ growth: days((i) => (i === 2 ? 100_000 : 1000), undefined, 17) }), 'row_count_growth');
    assert.deepEqual([inside.status, inside.facts.day, inside.facts.days_averaged], ['warning', '2026-12-16', 14]);
    const outside = metric(input({ growth: days((i) => (i === 1 ? 100_000 : 1000), undefined, 17) }), 'row_count_growth');
    assert.deepEqual([outside.status, outside.facts.days_averaged, outside.facts.average], ['ok', 14, 1000]);
    // Fewer than 3 days to compare: not judged.
    const young = metric(input({ growth: days(() => 1000).slice(-3) }), 'row_count_growth');
    assert.deepEqual([young.status, young.value, young.facts.days_averaged], ['ok', null, 1]);
    assert.equal(metric(input({}), 'row_count_growth').value, null);
  });

  it('ETL duration: the last incremental run against 2 minutes, the last full refresh against 30', () => {
    const slowInc = metric(input({ runs: [run({ duration_ms: 150_000 }), run({ mode: 'full', duration_ms: 600_000 })] }), 'etl_duration');
    assert.deepEqual([slowInc.status, slowInc.value, slowInc.facts.full_seconds], ['warning', 150, 600]);
    assert.match(slowInc.detail, /incremental run took 3 min/);
    assert.equal(metric(input({ runs: [run({ duration_ms: 119_000 }), run({ mode: 'full', duration_ms: 29 * 60_000 })] }), 'etl_duration').status, 'ok');
    const slowFull = healthVerdict(input({ runs: [run({ duration_ms: 5000 }), run({ mode: 'full', duration_ms: 31 * 60_000 })] }));
    assert.equal(slowFull.metrics![3].status, 'warning');
    assert.equal(slowFull.status, 'warning', 'a metric off target makes the verdict a warning');
  });
});

describe('retention schedule (pure)', () => {
  it('the cutoff is the UTC midnight at or before now − N days', () => {
    assert.equal(retentionCutoff(Date.parse('2026-12-01T00:00:00Z'), 30), '2026-11-01T00:00:00.000Z');
    assert.equal(retentionCutoff(Date.parse('2027-03-15T23:59:00Z'), 90), '2026-12-15T00:00:00.000Z');
  });

  it('monthly: due with none yet, or when the last prune ran before this UTC month began', () => {
    assert.equal(monthlyPruneDue(null, Date.parse('2026-12-17T10:00:00Z')), true);
    assert.equal(monthlyPruneDue('2026-12-01T02:00:00.000Z', Date.parse('2026-12-31T23:59:59Z')), false);
    assert.equal(monthlyPruneDue('2026-11-30T23:59:59.000Z', Date.parse('2026-12-01T00:00:00Z')), true);
  });

  it('--retain-days: N days, or 0 / off (serve: never prune); anything else is bad input', () => {
    assert.deepEqual(['90', '1', '0', 'off', 'OFF', '00'].map((v) => RETAIN_DAYS.parse(v, '--retain-days')), [90, 1, 0, 0, 0, 0]);
    for (const bad of ['-1', 'never', '36501', '1.5']) assert.throws(() => RETAIN_DAYS.parse(bad, '--retain-days'), /--retain-days: expected a whole number from 1 to 36500/);
  });

  it("serve: 90 days by default, another N, 0 / off never; the demo (fixed in time) never unless asked", () => {
    const days = (...argv: string[]): number | undefined => serveSettings(parseArgs(argv, serveCommand.options, 'serve'), {}).retainDays;
    assert.deepEqual(
      [days('--prod', 'postgres://p/x'), days('--retain-days', '30'), days('--retain-days', 'off'), days('--retain-days', '0'), days('--demo'), days('--demo', '--retain-days', '30')],
      [90, 30, 0, 0, 0, 30],
    );
  });
});
