import assert from 'node:assert/strict';
import { buildApi } from '../../src/api/server';
import type { Db } from '../../src/db/db';
import { runEtl, type EtlResult } from '../../src/etl/etl';
import { migrate } from '../../src/etl/migrate';
import { checkHealth } from '../../src/ops/health';
import { Serve } from '../../src/ops/serve';
import { etlPair, FakeClock, webhookServer } from './opsHelpers';
import { suiteDbs } from './suite';

describe('health (reporting database)', function () {
  const dbs = suiteDbs();

  const statusOf = async (name: string, maxAgeMinutes?: number): Promise<string> =>
    (await checkHealth(dbs.reporting, { maxAgeMinutes })).checks.find((c) => c.name === name)!.status;
  const metricOf = async (name: string, maxAgeMinutes?: number) => (await checkHealth(dbs.reporting, { maxAgeMinutes })).metrics!.find((m) => m.name === name)!;

  it('before any load: critical (no reporting data)', async () => {
    const h = await checkHealth(dbs.reporting);
    assert.equal(h.status, 'critical');
    assert.match(h.checks[0].detail, /never succeeded/);
    assert.deepEqual(h.success_rate, { window: 60, runs: 0, succeeded: 0, failed: 0, cancelled: 0, rate: null, since: null });
  });

  it('fresh: ok after a load, every check named, counts recorded in the run log', async () => {
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    const h = await checkHealth(dbs.reporting);
    assert.deepEqual(
      h.checks.map((c) => [c.name, c.status]),
      [
        ['data_age', 'ok'],
        ['consecutive_failures', 'ok'],
        ['duration', 'ok'],
        ['row_counts', 'ok'],
      ],
    );
    assert.equal(h.status, 'ok');
    assert.deepEqual(
      h.metrics!.map((m) => [m.name, m.status]),
      [
        ['etl_success_rate', 'ok'],
        ['data_freshness', 'ok'],
        ['row_count_growth', 'ok'],
        ['etl_duration', 'ok'],
      ],
    );
    assert.equal(h.metrics![0].value, 100);
    assert.ok(h.metrics![1].value! < 1, 'loaded seconds ago');
    assert.equal(h.metrics![2].value, null, 'one day of run log: nothing to compare yet');
    assert.equal(h.metrics![3].facts.last_mode, 'incremental');
    const [log] = await dbs.reporting.query<{ row_counts: Record<string, number> }>('SELECT row_counts FROM reporting.etl_run_log ORDER BY id DESC LIMIT 1');
    const [runs] = await dbs.reporting.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting.dim_run');
    assert.equal(log.row_counts.dim_run, runs.n);
    assert.ok(runs.n > 100);
  });

  it('stale: warning beyond the limit, critical beyond twice it (age on the database clock)', async () => {
    await dbs.reporting.query("UPDATE reporting.etl_state SET last_success_at = (now() AT TIME ZONE 'UTC') - interval '45 minutes'");
    assert.equal(await statusOf('data_age'), 'warning');
    const stale = await metricOf('data_freshness');
    assert.equal(stale.status, 'warning');
    assert.ok(stale.value! >= 45 && stale.value! < 46, String(stale.value));
    assert.equal(await statusOf('data_age', 60), 'ok');
    await dbs.reporting.query("UPDATE reporting.etl_state SET last_success_at = (now() AT TIME ZONE 'UTC') - interval '61 minutes'");
    assert.equal(await statusOf('data_age'), 'critical');
    assert.equal((await checkHealth(dbs.reporting)).status, 'critical');
    assert.equal((await metricOf('data_freshness')).status, 'critical');
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(await statusOf('data_age'), 'ok');
    assert.equal((await metricOf('data_freshness')).status, 'ok');
  });

  it('failing: one failed run is a warning, two in a row critical, a success clears it', async () => {
    const down = etlPair(dbs.prod, dbs.reporting, () => true);
    await assert.rejects(runEtl({ ...down, mode: 'incremental' }), /connection refused/);
    assert.equal(await statusOf('consecutive_failures'), 'warning');
    assert.equal((await metricOf('etl_success_rate')).status, 'warning', '3 of 4 is below 99 %');
    await assert.rejects(runEtl({ ...down, mode: 'incremental', attempt: 2 }), /connection refused/);
    assert.equal(await statusOf('consecutive_failures'), 'warning', 'a retry of the same run is no second failure');
    await assert.rejects(runEtl({ ...down, mode: 'incremental' }), /connection refused/);
    const h = await checkHealth(dbs.reporting);
    assert.equal(h.status, 'critical');
    assert.match(h.checks[1].detail, /^2 failed runs in a row \(3 attempts\).*connection refused/);
    const rate = h.metrics!.find((m) => m.name === 'etl_success_rate')!;
    assert.deepEqual([rate.status, rate.facts.failed_in_a_row, rate.value], ['critical', 2, (3 / 6) * 100]);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(await statusOf('consecutive_failures'), 'ok');
    const after = await metricOf('etl_success_rate');
    assert.deepEqual([after.status, after.value], ['warning', (4 / 7) * 100]);
    // This suite's runs so far: a full and 2 incremental loads, 3 failed attempts, 1 more incremental load.
    const r = (await checkHealth(dbs.reporting)).success_rate;
    assert.deepEqual([r.runs, r.succeeded, r.failed, r.cancelled], [7, 4, 3, 0]);
    assert.equal(r.rate, 4 / 7);
  });

  it('row-count drop: facts lost from the reporting schema between two runs are critical', async () => {
    await dbs.reporting.query("DELETE FROM reporting.fact_scenario_events WHERE scenario_id::text >= '6'");
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    const h = await checkHealth(dbs.reporting);
    const rc = h.checks.find((c) => c.name === 'row_counts')!;
    assert.equal(rc.status, 'critical');
    assert.match(rc.detail, /fact_scenario_events \d+ → \d+/);
    assert.doesNotMatch(rc.detail, /dim_run/);
    assert.equal(h.status, 'critical');
    // A full reload restores them: a jump back is only a warning.
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    assert.equal(await statusOf('row_counts'), 'warning');
  });
});

/** A run-log row written by hand: `daysAgo` UTC days before today at noon (0: now), with the reporting tables' total. */
async function logRun(db: Db, daysAgo: number, total: number, mode = 'incremental', durationMs = 2000): Promise<void> {
  await db.query(
    `INSERT INTO reporting.etl_run_log (mode, started_at, finished_at, status, duration_ms, row_counts, attempt)
     SELECT $1, t, t, 'success', $2, jsonb_build_object('dim_run', 1000, 'fact_scenario_events', $3::bigint - 1000), 1
       FROM (SELECT CASE WHEN $4::int = 0 THEN now() AT TIME ZONE 'UTC' ELSE (now() AT TIME ZONE 'UTC')::date - $4::int + time '12:00' END AS t) x`,
    [mode, durationMs, total, daysAgo],
  );
}

/** One scheduled job of serve (its ETL a stub: the run log is the test's), then its alerts. */
async function serveOnce(db: Db, url: string): Promise<void> {
  const clock = new FakeClock(new Date().toISOString());
  const stub = async (): Promise<EtlResult> => ({ mode: 'incremental', extracted: {}, loaded: {}, watermark: null, duration_ms: 1, from: null, watermark_before: null, warnings: [] });
  const serve = new Serve({ clock, everyMinutes: 15, fullAt: { hour: 2, minute: 0 }, tz: 'UTC', retries: 0, backoffMs: 1000, maxBackoffMs: 1000, source: db, target: db, alertWebhook: url, runEtl: stub, out: () => undefined });
  const done = serve.start();
  await clock.runUntil(new Date(clock.now() + 60_000).toISOString());
  await serve.stop();
  await done;
}

describe("health: row-count growth and ETL duration from the run log, and serve's alerts on them", function () {
  const dbs = suiteDbs();
  let hook: Awaited<ReturnType<typeof webhookServer>>;
  before(async () => {
    await migrate(dbs.reporting);
    await dbs.reporting.query(
      "INSERT INTO reporting.etl_state (name, last_success_at) VALUES ('default', now() AT TIME ZONE 'UTC') ON CONFLICT (name) DO UPDATE SET last_success_at = EXCLUDED.last_success_at",
    );
    hook = await webhookServer();
  });
  after(() => hook?.close());

  it('a day adding 60 % more rows than the average of the 14 days before it is a warning, alerted once', async () => {
    // 16 days back to yesterday: 1,000 new rows a day, then 1,600 yesterday.
    for (let k = 16; k >= 1; k--) await logRun(dbs.reporting, k, 100_000 + (16 - k) * 1000 + (k === 1 ? 600 : 0));
    const h = await checkHealth(dbs.reporting);
    const g = h.metrics!.find((m) => m.name === 'row_count_growth')!;
    const yesterday = new Date(Date.parse(h.success_rate.since!) + 15 * 86_400_000).toISOString().slice(0, 10);
    assert.deepEqual([g.status, g.value, g.facts.day, g.facts.new_rows, g.facts.average, g.facts.days_averaged], ['warning', 60, yesterday, 1600, 1000, 14]);
    assert.equal(h.status, 'warning');
    assert.deepEqual(h.checks.map((c) => c.status), ['ok', 'ok', 'ok', 'ok'], 'the older checks see nothing wrong');
    await serveOnce(dbs.reporting, hook.url);
    const sent = hook.bodies as Array<{ clearsight: { event: string; incident: string; message: string } }>;
    assert.deepEqual(sent.map((b) => [b.clearsight.event, b.clearsight.incident]), [['alert', 'row_count_growth']]);
    assert.match(sent[0].clearsight.message, /1600 new rows, \+60\.0 % against the average of the 14 days before \(1000\) \(target: within ±50 % of the 14-day average\)/);
    // A day within ±50 %: ok again.
    await dbs.reporting.query("UPDATE reporting.etl_run_log SET row_counts = row_counts || jsonb_build_object('fact_scenario_events', (row_counts ->> 'fact_scenario_events')::bigint - 200) WHERE id = (SELECT max(id) FROM reporting.etl_run_log)");
    const ok = (await checkHealth(dbs.reporting)).metrics!.find((m) => m.name === 'row_count_growth')!;
    assert.deepEqual([ok.status, ok.value], ['ok', 40]);
  });

  it('an incremental run over 2 minutes is a warning; a full refresh under 30 minutes is not', async () => {
    await logRun(dbs.reporting, 0, 115_400, 'full', 29 * 60_000);
    assert.equal((await checkHealth(dbs.reporting)).metrics!.find((m) => m.name === 'etl_duration')!.status, 'ok');
    await logRun(dbs.reporting, 0, 115_400, 'incremental', 150_000);
    const h = await checkHealth(dbs.reporting);
    const d = h.metrics!.find((m) => m.name === 'etl_duration')!;
    assert.deepEqual([d.status, d.value, d.facts.incremental_seconds, d.facts.full_seconds], ['warning', 150, 150, 1740]);
    assert.equal(h.status, 'warning');
    hook.bodies.length = 0;
    await serveOnce(dbs.reporting, hook.url);
    const sent = hook.bodies as Array<{ clearsight: { event: string; incident: string } }>;
    assert.deepEqual(sent.map((b) => [b.clearsight.event, b.clearsight.incident]), [['alert', 'etl_duration']]);
  });

  it('GET /health carries the four metrics as health --json does (200: a warning)', async () => {
    const app = await buildApi({ engine: () => Promise.reject(new Error('not used')), reporting: dbs.reporting, health: () => checkHealth(dbs.reporting), logSources: () => [], token: null });
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      assert.equal(res.statusCode, 200);
      const body = res.json() as { status: string; metrics: unknown[] };
      assert.equal(body.status, 'warning');
      // The same verdict read again (minutes of freshness move on: compared without it).
      const fresh = JSON.parse(JSON.stringify((await checkHealth(dbs.reporting)).metrics)) as Array<{ name: string; value: unknown; detail: string }>;
      const strip = (ms: unknown[]) => (ms as Array<{ name: string; value: unknown; detail: string }>).map((m) => (m.name === 'data_freshness' ? { ...m, value: 0, detail: '' } : m));
      assert.deepEqual(strip(body.metrics), strip(fresh));
      assert.deepEqual((body.metrics as Array<{ name: string; status: string }>).map((m) => [m.name, m.status]), [
        ['etl_success_rate', 'ok'],
        ['data_freshness', 'ok'],
        ['row_count_growth', 'ok'],
        ['etl_duration', 'warning'],
      ]);
    } finally {
      await app.close();
    }
  });
});
