import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { runEtl } from '../../src/etl/etl';
import { verificationSummary, verifyReporting } from '../../src/ops/verify';
import { demo } from './setup';
import { suiteDbs } from './suite';

describe('etl --verify: production against the reporting schema', function () {
  const dbs = suiteDbs({});

  const verify = (since?: string) => verifyReporting({ source: dbs.prod, reporting: dbs.reporting, since });

  it('after a full load every table matches: counts equal the source, checksums equal', async () => {
    const d = demo();
    const v = await verify();
    assert.equal(v.ok, true, verificationSummary(v));
    const rows = Object.fromEntries(v.tables.map((t) => [t.source_table, [t.source_rows, t.reporting_rows]]));
    assert.deepEqual(rows, {
      fc_scenario: [d.scenarios.length, d.scenarios.length],
      fc_scenario_run: [d.runs.length, d.runs.length],
      fc_scenario_node_data: [d.nodeData.length, d.nodeData.length],
      fc_scenario_node_calc: [d.nodeCalcs.length, d.nodeCalcs.length],
      fc_model_node: [d.nodes.length, d.nodes.length],
    });
    for (const t of v.tables) {
      assert.equal(t.source_checksum, t.reporting_checksum);
      assert.notEqual(t.source_checksum, '0');
    }
  });

  let deleted = '';
  let changed = '';
  it('finds a row deleted from reporting, a changed row and an extra row, by key', async () => {
    const d = demo();
    const runs = [...d.runs].sort((a, b) => (a.id < b.id ? -1 : 1));
    deleted = runs[5].id;
    changed = runs[100].id;
    const calc = [...d.nodeCalcs].sort((a, b) => (a.id < b.id ? -1 : 1))[7].id;
    const extra = randomUUID();
    await dbs.reporting.query('DELETE FROM reporting.dim_run WHERE run_id = $1', [deleted]);
    await dbs.reporting.query("UPDATE reporting.dim_run SET fail_reason = 'edited by hand' WHERE run_id = $1", [changed]);
    await dbs.reporting.query('DELETE FROM reporting.fact_node_calculations WHERE calc_id = $1', [calc]);
    await dbs.reporting.query(
      "INSERT INTO reporting.dim_run (run_id, scenario_id, run_status, run_at) VALUES ($1, $2, 'success', '2026-11-20 10:00:00')",
      [extra, d.scenarios[0].id],
    );
    const v = await verify();
    assert.equal(v.ok, false);
    const run = v.tables.find((t) => t.reporting_table === 'dim_run')!;
    assert.equal(run.match, false);
    assert.equal(run.source_rows, d.runs.length);
    assert.equal(run.reporting_rows, d.runs.length);
    assert.deepEqual(run.missing_in_reporting, [deleted]);
    assert.deepEqual(run.different, [changed]);
    assert.deepEqual(run.extra_in_reporting, [extra]);
    const calcs = v.tables.find((t) => t.reporting_table === 'fact_node_calculations')!;
    assert.deepEqual([calcs.missing_in_reporting, calcs.reporting_rows], [[calc], d.nodeCalcs.length - 1]);
    assert.deepEqual(
      v.tables.filter((t) => t.match).map((t) => t.reporting_table),
      ['dim_scenario', 'fact_input_changes', 'dim_node'],
    );
    assert.match(verificationSummary(v), new RegExp(`dim_run: ${d.runs.length} rows vs ${d.runs.length} in fc_scenario_run \\(missing ${deleted}`));
  });

  it('--since narrows the window: a difference before it is not counted', async () => {
    const d = demo();
    const at = (id: string): number => Date.parse(d.runs.find((r) => r.id === id)!.run_at);
    // The window starts between the deleted run and the changed one.
    const [early, late] = [deleted, changed].sort((a, b) => at(a) - at(b));
    const since = new Date(at(early) + 1).toISOString();
    const v = await verify(since);
    const run = v.tables.find((t) => t.reporting_table === 'dim_run')!;
    assert.equal(run.source_rows, d.runs.filter((r) => Date.parse(r.run_at) >= Date.parse(since)).length);
    assert.ok(run.source_rows > 0 && run.source_rows < d.runs.length);
    const named = [...run.missing_in_reporting, ...run.different];
    assert.ok(named.includes(late), 'the difference inside the window is found');
    assert.ok(!named.includes(early), 'the one before the window is not');
    // A full reload repairs the schema: everything matches again.
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    const again = await verify();
    assert.equal(again.ok, true, verificationSummary(again));
  });

  it('rejects a bad --since with one clear message', async () => {
    await assert.rejects(verify('last week'), /--since: not an ISO date\/time: 'last week'/);
  });
});
