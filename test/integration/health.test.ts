import assert from 'node:assert/strict';
import { runEtl } from '../../src/etl/etl';
import { checkHealth } from '../../src/ops/health';
import { etlPair } from './opsHelpers';
import { suiteDbs } from './suite';

describe('health (reporting database)', function () {
  const dbs = suiteDbs();

  const statusOf = async (name: string, maxAgeMinutes?: number): Promise<string> =>
    (await checkHealth(dbs.reporting, { maxAgeMinutes })).checks.find((c) => c.name === name)!.status;

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
    const [log] = await dbs.reporting.query<{ row_counts: Record<string, number> }>('SELECT row_counts FROM reporting.etl_run_log ORDER BY id DESC LIMIT 1');
    const [runs] = await dbs.reporting.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting.dim_run');
    assert.equal(log.row_counts.dim_run, runs.n);
    assert.ok(runs.n > 100);
  });

  it('stale: warning beyond the limit, critical beyond twice it (age on the database clock)', async () => {
    await dbs.reporting.query("UPDATE reporting.etl_state SET last_success_at = (now() AT TIME ZONE 'UTC') - interval '45 minutes'");
    assert.equal(await statusOf('data_age'), 'warning');
    assert.equal(await statusOf('data_age', 60), 'ok');
    await dbs.reporting.query("UPDATE reporting.etl_state SET last_success_at = (now() AT TIME ZONE 'UTC') - interval '61 minutes'");
    assert.equal(await statusOf('data_age'), 'critical');
    assert.equal((await checkHealth(dbs.reporting)).status, 'critical');
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(await statusOf('data_age'), 'ok');
  });

  it('failing: one failed run is a warning, two in a row critical, a success clears it', async () => {
    const down = etlPair(dbs.prod, dbs.reporting, () => true);
    await assert.rejects(runEtl({ ...down, mode: 'incremental' }), /connection refused/);
    assert.equal(await statusOf('consecutive_failures'), 'warning');
    await assert.rejects(runEtl({ ...down, mode: 'incremental', attempt: 2 }), /connection refused/);
    assert.equal(await statusOf('consecutive_failures'), 'warning', 'a retry of the same run is no second failure');
    await assert.rejects(runEtl({ ...down, mode: 'incremental' }), /connection refused/);
    const h = await checkHealth(dbs.reporting);
    assert.equal(h.status, 'critical');
    assert.match(h.checks[1].detail, /^2 failed runs in a row \(3 attempts\).*connection refused/);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(await statusOf('consecutive_failures'), 'ok');
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
