import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { EtlCancelled, runEtl, type EtlProgress } from '../../src/etl/etl';
import { listMigrations, migrate, reportingVersion } from '../../src/etl/migrate';
import { REPORTING_TABLES, WRITTEN_TABLES } from '../../src/etl/tables';
import { fullLoadCancelledAt } from './opsHelpers';
import { ON_SERVER, demo, digest } from './setup';
import { suiteDbs } from './suite';


async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [r] = await db.query<{ n: number }>(sql, params);
  return Number(r.n);
}

/** Expected event counts straight from the generated rows and the contract's rules. */
function expectedEvents(): number {
  const d = demo();
  let n = 0;
  for (const s of d.scenarios) n += [s.created_at, s.updated_at, s.submitted_at, s.locked_at].filter(Boolean).length;
  for (const r of d.runs) n += 1 + (r.run_complete_at && ['success', 'failed', 'timeout'].includes(r.run_status) ? 1 : 0);
  const saves = [...d.nodeData].sort((a, b) =>
    a.scenario_id === b.scenario_id
      ? a.model_node_id === b.model_node_id
        ? a.created_at === b.created_at
          ? (a.id < b.id ? -1 : 1)
          : Date.parse(a.created_at) - Date.parse(b.created_at) || (a.created_at < b.created_at ? -1 : 1)
        : a.model_node_id < b.model_node_id ? -1 : 1
      : a.scenario_id < b.scenario_id ? -1 : 1,
  );
  for (let i = 0; i < saves.length; i++) {
    const p = saves[i - 1];
    const s = saves[i];
    const first = !p || p.scenario_id !== s.scenario_id || p.model_node_id !== s.model_node_id;
    if (first || p.input_hash !== s.input_hash) n++;
  }
  n += d.nodeCalcs.filter((c) => c.status === 'failed').length;
  return n;
}

describe('ETL', function () {
  const dbs = suiteDbs();

  it('creates the reporting schema by versioned migrations, once', async () => {
    const applied = await migrate(dbs.reporting);
    assert.deepEqual(applied, listMigrations().map((m) => m.version));
    assert.deepEqual(await migrate(dbs.reporting), []);
    const v = await reportingVersion(dbs.reporting);
    assert.equal(v.current, v.latest);
  });

  it('full load: every source row arrives, events follow the contract rules', async () => {
    const d = demo();
    const r = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', batchSize: 1000 });
    assert.equal(r.mode, 'full');
    assert.equal(r.extracted.fc_scenario_run, d.runs.length);
    assert.equal(r.extracted.fc_scenario_node_data, d.nodeData.length);
    assert.equal(r.extracted.fc_scenario_node_calc, d.nodeCalcs.length);
    assert.equal(r.extracted.fc_scenario, d.scenarios.length);
    assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.dim_run'), d.runs.length);
    assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_input_changes'), d.nodeData.length);
    assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_node_calculations'), d.nodeCalcs.length);
    assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.dim_node'), d.nodes.length);
    assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_scenario_events'), expectedEvents());
    assert.equal(r.loaded.fact_scenario_events, expectedEvents());
    // Watermark = the newest source timestamp the run saw.
    const newest = [...d.runs.flatMap((x) => [x.run_at, x.run_complete_at]), ...d.nodeData.flatMap((x) => [x.created_at, x.end_at])]
      .filter((x): x is string => !!x)
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .pop();
    assert.equal(Date.parse(r.watermark!), Date.parse(newest!));
  });

  it('derives scenario and run statistics like the source', async () => {
    const d = demo();
    const failedByScenario = new Map<string, number>();
    for (const r of d.runs) if (r.run_status === 'failed' || r.run_status === 'timeout') failedByScenario.set(r.scenario_id, (failedByScenario.get(r.scenario_id) ?? 0) + 1);
    const rows = await dbs.reporting.query<{ scenario_id: string; runs: number; failed_runs: number }>('SELECT scenario_id, runs, failed_runs FROM reporting.dim_scenario');
    assert.equal(rows.length, d.scenarios.length);
    for (const row of rows) {
      assert.equal(row.runs, d.runs.filter((r) => r.scenario_id === row.scenario_id).length);
      assert.equal(row.failed_runs, failedByScenario.get(row.scenario_id) ?? 0);
    }
    const bad = await count(
      dbs.reporting,
      `SELECT count(*) AS n FROM reporting.dim_run r
        WHERE total_nodes <> (SELECT count(*) FROM reporting.fact_node_calculations c WHERE c.run_id = r.run_id)`,
    );
    assert.equal(bad, 0);
  });

  it('is idempotent: a second full run and an incremental run leave the same rows', async () => {
    const before = await digest(dbs.reporting);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', batchSize: 700 });
    assert.deepEqual(await digest(dbs.reporting), before);
    const inc = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(inc.mode, 'incremental');
    assert.deepEqual(await digest(dbs.reporting), before);
  });

  it('an incremental that re-reads rows unchanged (the overlap window\'s runs and calcs, every node) neither writes nor locks them', async () => {
    // ON CONFLICT DO UPDATE locks a row it matches even when its WHERE skips the update (the
    // lock sets xmax, dirties the page and writes WAL), a run read again used to have its calcs
    // and events deleted and inserted again, and the statistics were rewritten: an unchanged
    // row must keep its version (ctid, xmin) and take no lock (xmax).
    const versions = async (): Promise<Record<string, string>> => {
      const out: Record<string, string> = {};
      for (const t of WRITTEN_TABLES) {
        const [r] = await dbs.reporting.query<{ n: number; v: string }>(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg(ctid::text || ':' || xmin::text || ':' || xmax::text, ',' ORDER BY ctid), '')) AS v FROM reporting.${t}`,
        );
        out[t] = `${r.n} ${r.v}`;
      }
      return out;
    };
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    const before = await versions();
    assert.ok(Number(before.dim_node.split(' ')[0]) > 100, 'the demo has nodes to re-read');
    const inc = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.ok((inc.extracted.fc_model_node ?? 0) > 100 && (inc.extracted.fc_scenario_run ?? 0) > 0, `the incremental re-read every node and a run (${JSON.stringify(inc.extracted)})`);
    assert.deepEqual(await versions(), before);
  });

  it('a cancelled (killed) run leaves the reporting schema and the watermark as they were', async () => {
    const before = await digest(dbs.reporting);
    const [state] = await dbs.reporting.query<{ watermark: string }>("SELECT watermark FROM reporting.etl_state WHERE name = 'default'");
    let batches = 0;
    await assert.rejects(
      fullLoadCancelledAt(dbs, (p) => p.phase === 'load' && ++batches === 3),
      (err: unknown) => err instanceof EtlCancelled && err.exitCode === 1,
    );
    assert.equal(batches, 3);
    assert.deepEqual(await digest(dbs.reporting), before);
    const [after] = await dbs.reporting.query<{ watermark: string }>("SELECT watermark FROM reporting.etl_state WHERE name = 'default'");
    assert.equal(after.watermark, state.watermark);
    const [log] = await dbs.reporting.query<{ status: string }>('SELECT status FROM reporting.etl_run_log ORDER BY id DESC LIMIT 1');
    assert.equal(log.status, 'cancelled');
  });

  it('incremental picks up new saves, new and finished runs, and matches a full reload', async () => {
    const d = demo();
    const stories = d.stories;
    const edge = stories.edgeCases.runningAndQueued;
    const scenario = d.scenarios.find((s) => s.id === edge.scenario_id)!;
    const node = d.nodes.find((n) => n.model_id === scenario.model_id && n.node_type === 'input')!;
    const wmBefore = (await dbs.reporting.query<{ watermark: string }>("SELECT watermark FROM reporting.etl_state WHERE name = 'default'"))[0].watermark;
    const later = new Date(Date.parse(wmBefore) + 60_000).toISOString().replace('T', ' ').replace('Z', '');
    const end = new Date(Date.parse(wmBefore) + 120_000).toISOString().replace('T', ' ').replace('Z', '');
    const newRun = randomUUID();
    const newSave = randomUUID();
    // Production moves on (written through a separate read-write connection; the tool never writes there).
    const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
    try {
      await writer.transaction(async (tx) => {
        await tx.query('UPDATE fc_scenario_node_data SET end_at = $1::timestamp WHERE scenario_id = $2 AND model_node_id = $3 AND end_at IS NULL', [later, scenario.id, node.id]);
        await tx.query(
          `INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by)
           VALUES ($1, $2, $3, '{"value": 42}'::jsonb, 'hash-new-42', $4::timestamp, 'e.lindqvist')`,
          [newSave, scenario.id, node.id, later],
        );
        await tx.query(
          `UPDATE fc_scenario_run SET run_status = 'failed', run_complete_at = $1::timestamp, fail_reason = 'ValueError: boom in node ''X'''
            WHERE id = $2`,
          [end, edge.running_run_id],
        );
        await tx.query(
          `INSERT INTO fc_scenario_run (id, scenario_id, run_status, run_at, run_complete_at, run_by)
           VALUES ($1, $2, 'success', $3::timestamp, $4::timestamp, 'e.lindqvist')`,
          [newRun, scenario.id, later, end],
        );
        await tx.query(
          `INSERT INTO fc_scenario_node_calc (id, run_id, model_node_id, status, fail_reason, processing_start_at, processing_end_at, processing_duration)
           VALUES ($1, $2, $3, 'failed', 'ValueError: boom', $4::timestamp, $5::timestamp, 60)`,
          [randomUUID(), edge.running_run_id, node.id, later, end],
        );
      });
    } finally {
      if (writer !== dbs.reporting) await writer.close();
    }
    const inc = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.ok(inc.extracted.fc_scenario_node_data >= 2, 'the new save and the superseded one');
    assert.ok(inc.extracted.fc_scenario_run >= 2, 'the new run and the run that ended');
    assert.ok(inc.extracted.fc_scenario_node_data < d.nodeData.length / 2, 'incremental reads a window, not everything');
    assert.equal(Date.parse(inc.watermark!), Date.parse(`${end}Z`));
    const [ended] = await dbs.reporting.query<{ run_status: string; nodes_failed: number }>('SELECT run_status, nodes_failed FROM reporting.dim_run WHERE run_id = $1', [edge.running_run_id]);
    assert.deepEqual(ended, { run_status: 'failed', nodes_failed: 1 });
    assert.equal(await count(dbs.reporting, "SELECT count(*) AS n FROM reporting.fact_scenario_events WHERE event_key = 'INPUT_CHANGED:' || $1", [newSave]), 1);
    const [sc] = await dbs.reporting.query<{ last_run_id: string }>('SELECT last_run_id FROM reporting.dim_scenario WHERE scenario_id = $1', [scenario.id]);
    assert.equal(sc.last_run_id, newRun, 'derived columns refreshed: the new run is the last run');
    const afterIncremental = await digest(dbs.reporting);
    // The run log's table sizes after an incremental are the tables' own.
    const [logged] = await dbs.reporting.query<{ row_counts: Record<string, number> }>("SELECT row_counts FROM reporting.etl_run_log WHERE status = 'success' ORDER BY id DESC LIMIT 1");
    for (const t of REPORTING_TABLES) assert.equal(Number(logged.row_counts[t.table]), await count(dbs.reporting, `SELECT count(*) AS n FROM reporting.${t.table}`), t.table);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    assert.deepEqual(afterIncremental, await digest(dbs.reporting), 'incremental = full reload');
  });

  it("a lifecycle step that no longer holds leaves with the incremental: the scenario's state change and its trail row, as a full reload has them", async () => {
    // A locked scenario unlocked (back to submitted): its 'locked' transition is gone.
    const [x] = await dbs.reporting.query<{ scenario_id: string }>(
      "SELECT scenario_id FROM reporting.fact_scenario_state_change WHERE change_key = 'scenario:locked' ORDER BY scenario_id LIMIT 1",
    );
    assert.ok(x, "the demo has a locked scenario");
    const locked = (): Promise<number> =>
      count(dbs.reporting, "SELECT count(*) AS n FROM reporting.fact_scenario_state_change WHERE scenario_id = $1 AND change_key = 'scenario:locked'", [x.scenario_id]);
    const trail = (): Promise<number> =>
      count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.view_scenario_audit_trail WHERE scenario_id = $1 AND audit_key = $2', [x.scenario_id, `state:${x.scenario_id}:scenario:locked`]);
    assert.deepEqual([await locked(), await trail()], [1, 1], 'its transition and trail row before');
    const wm = (await dbs.reporting.query<{ watermark: string }>("SELECT watermark FROM reporting.etl_state WHERE name = 'default'"))[0].watermark;
    const later = new Date(Date.parse(wm) + 60_000).toISOString().replace('T', ' ').replace('Z', '');
    const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
    try {
      await writer.query(
        "UPDATE fc_scenario SET status = 'submitted', locked_at = NULL, locked_by = NULL, locked_req_id = NULL, updated_at = $1::timestamp WHERE id = $2",
        [later, x.scenario_id],
      );
    } finally {
      if (writer !== dbs.reporting) await writer.close();
    }
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.deepEqual([await locked(), await trail()], [0, 0], 'its transition and trail row after');
    assert.equal(
      await count(dbs.reporting, "SELECT count(*) AS n FROM reporting.fact_scenario_state_change WHERE scenario_id = $1 AND change_key IN ('scenario:created', 'scenario:submitted')", [x.scenario_id]),
      2,
      'its other steps stay',
    );
    const afterIncremental = await digest(dbs.reporting);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    assert.deepEqual(afterIncremental, await digest(dbs.reporting), 'incremental = full reload');
  });

  it('a run read again that lost a calc and a failure: the calc and its failure event leave with the incremental, as a full reload has them', async () => {
    // A failed run with a failed calc and at least one other calc (the demo has such runs).
    const [r] = await dbs.reporting.query<{ run_id: string; failed: string; other: string }>(
      `SELECT f.run_id, f.calc_id AS failed, (SELECT o.calc_id FROM reporting.fact_node_calculations o
                                              WHERE o.run_id = f.run_id AND o.calc_id <> f.calc_id ORDER BY o.calc_id LIMIT 1) AS other
         FROM reporting.fact_node_calculations f
        WHERE f.calc_status = 'failed'
          AND EXISTS (SELECT 1 FROM reporting.fact_node_calculations o WHERE o.run_id = f.run_id AND o.calc_id <> f.calc_id)
        ORDER BY f.run_id, f.calc_id LIMIT 1`,
    );
    assert.ok(r, 'the demo has a failed calc in a run with other calcs');
    const calcs = (): Promise<number> =>
      count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_node_calculations WHERE run_id = $1', [r.run_id]);
    const failedEvent = (): Promise<number> =>
      count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_scenario_events WHERE event_key = $1', [`NODE_CALC_FAILED:${r.failed}`]);
    const calcsBefore = await calcs();
    assert.equal(await failedEvent(), 1, 'its failure event before');
    const wm = (await dbs.reporting.query<{ watermark: string }>("SELECT watermark FROM reporting.etl_state WHERE name = 'default'"))[0].watermark;
    const later = new Date(Date.parse(wm) + 60_000).toISOString().replace('T', ' ').replace('Z', '');
    const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
    try {
      await writer.transaction(async (tx) => {
        // Retried in place: one calc gone, the failed one now a success, the run ends again later (read again).
        await tx.query('DELETE FROM fc_scenario_node_calc WHERE id = $1', [r.other]);
        await tx.query("UPDATE fc_scenario_node_calc SET status = 'success', fail_reason = NULL WHERE id = $1", [r.failed]);
        await tx.query("UPDATE fc_scenario_run SET run_status = 'success', fail_reason = NULL, run_complete_at = $1::timestamp WHERE id = $2", [later, r.run_id]);
      });
    } finally {
      if (writer !== dbs.reporting) await writer.close();
    }
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(await calcs(), calcsBefore - 1, 'the removed calc is gone, the others stay');
    assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_node_calculations WHERE calc_id = $1', [r.other]), 0);
    assert.equal(await failedEvent(), 0, 'the failure event is gone');
    const afterIncremental = await digest(dbs.reporting);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    assert.deepEqual(afterIncremental, await digest(dbs.reporting), 'incremental = full reload');
  });

  it('two concurrent runs do not interleave and leave no duplicates', async () => {
    const before = await digest(dbs.reporting);
    const log: string[] = [];
    const track = (name: string) => (p: EtlProgress) => {
      if (p.phase === 'load') log.push(`${name}:load`);
      if (p.phase === 'finish') log.push(`${name}:finish`);
    };
    // Separate connections on a server; on PGlite the single connection serialises them.
    const second: Db = ON_SERVER ? new PgDb({ url: dbs.reportingUrl, readOnly: false }) : dbs.reporting;
    try {
      await Promise.all([
        runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', batchSize: 1000, onProgress: track('a') }),
        runEtl({ source: dbs.prod, target: second, mode: 'full', batchSize: 1000, onProgress: track('b') }),
      ]);
    } finally {
      if (second !== dbs.reporting) await second.close();
    }
    const first = log[0].split(':')[0];
    // The first run's last step (a reload reports building its indexes, the swap, the commit).
    const firstFinish = log.lastIndexOf(`${first}:finish`);
    assert.ok(firstFinish > 0);
    assert.ok(log.slice(0, firstFinish).every((x) => x.startsWith(first)), `runs interleaved: ${log.join(' ')}`);
    assert.ok(log.slice(firstFinish + 1).every((x) => !x.startsWith(first)));
    assert.deepEqual(await digest(dbs.reporting), before);
  });

  it('rejects a bad --since clearly', async () => {
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', since: 'yesterday' }), /--since: not an ISO date\/time/);
  });

  it('full --since loads only the window and keeps what was there', async () => {
    const before = await digest(dbs.reporting);
    const r = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', since: '2026-11-18T00:00:00Z' });
    assert.ok(r.extracted.fc_scenario_run < demo().runs.length);
    assert.deepEqual(await digest(dbs.reporting), before);
  });
});
