import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { runEtl } from '../../src/etl/etl';
import { verificationSummary, verificationText, verifyReporting, type Verification } from '../../src/ops/verify';
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
    // A run without node calcs, deleted with its events (the foreign keys refuse a run deleted under them).
    deleted = runs.filter((r) => !d.nodeCalcs.some((c) => c.run_id === r.id))[0].id;
    changed = runs[100].id;
    const calc = [...d.nodeCalcs].sort((a, b) => (a.id < b.id ? -1 : 1))[7].id;
    const extra = randomUUID();
    await dbs.reporting.query('DELETE FROM reporting.fact_scenario_events WHERE run_id = $1', [deleted]);
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

describe('etl --verify after retention (issue 20 item 11)', function () {
  const dbs = suiteDbs({});
  const CUTOFF = '2026-11-01T00:00:00.000Z';
  /** `--retain-days 30` on 2026-12-01 keeps the facts from November on. */
  const NOW = () => Date.parse('2026-12-01T00:00:00.000Z');
  const kept = (iso: string | null | undefined): boolean => !!iso && Date.parse(iso) >= Date.parse(CUTOFF);
  const verify = (since?: string) => verifyReporting({ source: dbs.prod, reporting: dbs.reporting, since });
  const table = (v: Verification, name: string) => v.tables.find((t) => t.reporting_table === name)!;

  before(async () => {
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', retainDays: 30, now: NOW });
  });

  it('without --since: compares only the window retention keeps (no pruned fact counted as missing), and says so', async () => {
    const d = demo();
    assert.ok(d.runs.some((r) => !kept(r.run_at)), 'the fixture has runs older than the cutoff');
    const v = await verify();
    assert.equal(v.ok, true, verificationSummary(v));
    assert.equal(v.retained_from, CUTOFF);
    assert.equal(v.since, null);
    const runAt = new Map(d.runs.map((r) => [r.id, r.run_at]));
    assert.deepEqual(
      v.tables.map((t) => [t.reporting_table, t.since, t.source_rows]),
      [
        ['dim_scenario', null, d.scenarios.length],
        ['dim_run', CUTOFF, d.runs.filter((r) => kept(r.run_at)).length],
        ['fact_input_changes', CUTOFF, d.nodeData.filter((s) => kept(s.created_at)).length],
        ['fact_node_calculations', CUTOFF, d.nodeCalcs.filter((c) => kept(runAt.get(c.run_id))).length],
        ['dim_node', null, d.nodes.length],
      ],
    );
    const text = verificationText(v);
    assert.match(text, /^verify: reporting matches production \(window … to \S+Z\)\n/);
    assert.match(text, /\n {2}runs, saves and calcs from 2026-11-01T00:00:00\.000Z: retention keeps no older facts in the reporting schema\n/);
    assert.match(text, /\n {2}ok {3}dim_run: \d+ rows, fc_scenario_run: \d+ rows \(from 2026-11-01T00:00:00\.000Z\)\n/);
    assert.match(text, /\n {2}ok {3}dim_scenario: \d+ rows, fc_scenario: \d+ rows\n/);
  });

  it('a difference inside the kept window is still found, and one in a dimension retention never prunes', async () => {
    const d = demo();
    const runAt = new Map(d.runs.map((r) => [r.id, r.run_at]));
    const calc = [...d.nodeCalcs].sort((a, b) => (a.id < b.id ? -1 : 1)).find((c) => kept(runAt.get(c.run_id)))!.id;
    const scenario = d.scenarios.find((s) => !kept(s.created_at))!.id;
    await dbs.reporting.query('DELETE FROM reporting.fact_node_calculations WHERE calc_id = $1', [calc]);
    await dbs.reporting.query("UPDATE reporting.dim_scenario SET scenario_name = 'edited by hand' WHERE scenario_id = $1", [scenario]);
    const v = await verify();
    assert.equal(v.ok, false);
    assert.deepEqual(table(v, 'fact_node_calculations').missing_in_reporting, [calc]);
    assert.deepEqual(table(v, 'dim_scenario').different, [scenario]);
    assert.deepEqual(v.tables.filter((t) => !t.match).map((t) => t.reporting_table), ['dim_scenario', 'fact_node_calculations']);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', retainDays: 30, now: NOW });
    assert.equal((await verify()).ok, true);
  });

  it('--since before the cutoff is clipped to it for the facts; a later one narrows every table', async () => {
    const early = await verify('2026-10-01T00:00:00Z');
    assert.equal(early.ok, true, verificationSummary(early));
    assert.deepEqual(early.tables.map((t) => t.since), ['2026-10-01T00:00:00.000Z', CUTOFF, CUTOFF, CUTOFF, '2026-10-01T00:00:00.000Z']);
    const late = await verify('2026-11-15T00:00:00Z');
    assert.equal(late.ok, true, verificationSummary(late));
    assert.deepEqual(late.tables.map((t) => t.since), Array(5).fill('2026-11-15T00:00:00.000Z'));
    assert.equal(table(late, 'dim_run').source_rows, demo().runs.filter((r) => Date.parse(r.run_at) >= Date.parse('2026-11-15T00:00:00Z')).length);
  });

  it('incremental and full reloads keep the window (the aggregates hold the rest); a schema pruned before migration 012 falls back to the run log', async () => {
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal((await verify()).retained_from, CUTOFF, 'incremental loads prune nothing and reload nothing old');
    // A full reload reads the whole history again, and the window holds (what came back before the cutoff went).
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    const whole = await verify();
    assert.equal(whole.ok, true, verificationSummary(whole));
    assert.equal(whole.retained_from, CUTOFF);
    assert.deepEqual(whole.tables.map((t) => [t.since, t.source_rows]).slice(1, 2), [[CUTOFF, demo().runs.filter((r) => kept(r.run_at)).length]]);
    // Pruned before the cutoff was recorded in reporting.settings, and before it was in the run log: the oldest node calc kept bounds the window.
    await dbs.reporting.query("DELETE FROM reporting.settings WHERE name = 'retained_from'");
    await dbs.reporting.query("UPDATE reporting.etl_run_log SET pruned = '{\"dim_run\": 1}'::jsonb WHERE id = (SELECT max(id) FROM reporting.etl_run_log WHERE status = 'success' AND mode = 'full')");
    const runAt = demo().runs.map((r) => r.run_at).filter(kept).sort((a, b) => Date.parse(a) - Date.parse(b));
    const legacy = await verify();
    assert.equal(legacy.ok, true, verificationSummary(legacy));
    assert.equal(legacy.retained_from, demo().runs.filter((r) => kept(r.run_at) && demo().nodeCalcs.some((c) => c.run_id === r.id)).map((r) => r.run_at).sort((a, b) => Date.parse(a) - Date.parse(b))[0]);
    assert.ok(Date.parse(legacy.retained_from!) >= Date.parse(runAt[0]));
    // …and a full reload logged after it, without retention, compared everything then.
    await dbs.reporting.query("UPDATE reporting.etl_run_log SET pruned = NULL WHERE id = (SELECT max(id) FROM reporting.etl_run_log WHERE status = 'success' AND mode = 'full')");
    const none = await verify();
    assert.equal(none.retained_from, null);
    assert.doesNotMatch(verificationText(none), /retention/);
  });
});
