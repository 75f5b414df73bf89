import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { sqlText } from '../../src/db/sqlFiles';
import { Analyses } from '../../src/engine/analyses';
import { runEtl } from '../../src/etl/etl';
import { factLayout, migrate } from '../../src/etl/migrate';
import { fullLoadCancelledAt } from './opsHelpers';
import { assertStoriesAnswerAlike } from './parity';
import { ON_SERVER, demo, seededDbs, digest } from './setup';
import { suiteDbs } from './suite';


describe('ETL with the partitioned layout (facts partitioned by month)', function () {
  const dbs = suiteDbs({ partitioned: true, batchSize: 2000 });
  let prod: Analyses;
  let rep: Analyses;
  before(() => {
    prod = new Analyses(dbs.prod, 'prod');
    rep = new Analyses(dbs.reporting, 'reporting');
  });

  it('creates the facts partitioned by month, with the partitions the data needs, and records the layout', async () => {
    assert.equal(await factLayout(dbs.reporting), 'partitioned');
    const parts = await dbs.reporting.query<{ parent: string; part: string }>(
      `SELECT p.relname AS parent, c.relname AS part
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace n ON n.oid = p.relnamespace
        WHERE n.nspname = 'reporting' AND p.relkind = 'p'
        ORDER BY 1, 2`,
    );
    for (const t of ['fact_scenario_events', 'fact_input_changes', 'fact_node_calculations']) {
      // The demo's 30 days end on 2026-11-20: October and November.
      assert.deepEqual(parts.filter((p) => p.parent === t).map((p) => p.part), [`${t}_p2026_10`, `${t}_p2026_11`], t);
    }
  });

  it('answers exactly like production: timelines, changes, snapshots and diffs', async () => {
    await assertStoriesAnswerAlike(rep, prod);
    for (const s of demo().scenarios) assert.deepEqual(await rep.timeline(s.id), await prod.timeline(s.id), s.id);
    const d = demo();
    for (const id of [d.runs[5].id, d.nodeData[100].created_req_id!, d.scenarios[2].created_req_id!]) {
      assert.deepEqual(await rep.runInfo(id), await prod.runInfo(id), id);
    }
  });

  it('a per-scenario query reads only the months of that scenario (run-time partition pruning)', async () => {
    // A scenario whose events all fall in November.
    const [s] = await dbs.reporting.query<{ scenario_id: string }>(
      "SELECT scenario_id FROM reporting.dim_scenario WHERE first_event_at >= '2026-11-01' ORDER BY scenario_id LIMIT 1",
    );
    const plan = (await dbs.reporting.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sqlText('queries/reporting/timeline')}`, [s.scenario_id]))
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    const october = plan.split('\n').filter((l) => l.includes('fact_scenario_events_p2026_10'));
    assert.ok(october.length > 0 && october.every((l) => /never executed/.test(l)), plan);
    // The diff's pair statements: two November runs of one scenario read November's calcs and inputs only.
    const [p] = await dbs.reporting.query<{ scenario_id: string; a: string; b: string }>(
      `SELECT r.scenario_id, min(r.run_id::text) AS a, max(r.run_id::text) AS b FROM reporting.dim_run r JOIN reporting.dim_scenario s USING (scenario_id)
        WHERE s.first_event_at >= '2026-11-01' GROUP BY r.scenario_id HAVING count(*) >= 2 ORDER BY r.scenario_id LIMIT 1`,
    );
    assert.ok(p, 'a November scenario with two runs');
    for (const [name, table] of [['calcs_pair', 'fact_node_calculations_p2026_10'], ['snapshot_pair', 'fact_input_changes_p2026_10']]) {
      const pairPlan = (await dbs.reporting.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sqlText(`queries/reporting/${name}`)}`, [p.a, p.scenario_id, p.b]))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      const old = pairPlan.split('\n').filter((l) => l.includes(table));
      // October's partition pruned (at planning: absent; at run time: never executed), November's read.
      assert.ok(old.every((l) => /never executed/.test(l)), `${name}: ${pairPlan}`);
      assert.ok(pairPlan.split('\n').some((l) => l.includes(table.replace('p2026_10', 'p2026_11')) && !/never executed/.test(l)), `${name}: ${pairPlan}`);
    }
  });

  it('stays idempotent: a second full run and an incremental run leave the same rows', async () => {
    const before = await digest(dbs.reporting);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', batchSize: 700 });
    assert.deepEqual(await digest(dbs.reporting), before);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.deepEqual(await digest(dbs.reporting), before);
  });

  it('creates a new month on demand when the source moves into it; incremental = full reload', async () => {
    const d = demo();
    const scenario = d.scenarios[20];
    const node = d.nodes.find((n) => n.model_id === scenario.model_id && n.node_type === 'input')!;
    const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
    const runId = randomUUID();
    try {
      await writer.transaction(async (tx) => {
        await tx.query("UPDATE fc_scenario_node_data SET end_at = '2026-12-01 00:05:00' WHERE scenario_id = $1 AND model_node_id = $2 AND end_at IS NULL", [scenario.id, node.id]);
        await tx.query(
          `INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by)
           VALUES ($1, $2, $3, '{"value": 7}'::jsonb, 'hash-dec-7', '2026-12-01 00:05:00', 'e.lindqvist')`,
          [randomUUID(), scenario.id, node.id],
        );
        await tx.query(
          `INSERT INTO fc_scenario_run (id, scenario_id, run_status, run_at, run_complete_at, run_by, fail_reason)
           VALUES ($1, $2, 'failed', '2026-12-01 00:10:00', '2026-12-01 00:12:00', 'e.lindqvist', 'ValueError: boom')`,
          [runId, scenario.id],
        );
        await tx.query(
          `INSERT INTO fc_scenario_node_calc (id, run_id, model_node_id, status, fail_reason, processing_start_at, processing_end_at, processing_duration)
           VALUES ($1, $2, $3, 'failed', 'ValueError: boom', '2026-12-01 00:10:01', '2026-12-01 00:11:00', 59)`,
          [randomUUID(), runId, node.id],
        );
      });
    } finally {
      if (writer !== dbs.reporting) await writer.close();
    }
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental', overlapMinutes: 60 * 24 * 30 });
    const [dec] = await dbs.reporting.query<{ n: number }>(
      "SELECT count(*) AS n FROM pg_class WHERE relname IN ('fact_scenario_events_p2026_12', 'fact_input_changes_p2026_12', 'fact_node_calculations_p2026_12')",
    );
    assert.equal(Number(dec.n), 3);
    assert.deepEqual(await rep.timeline(scenario.id), await prod.timeline(scenario.id));
    assert.deepEqual(await rep.calcs(runId), await prod.calcs(runId));
    const afterIncremental = await digest(dbs.reporting);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    assert.deepEqual(await digest(dbs.reporting), afterIncremental, 'incremental = full reload');
  });

  it('--partitioned on an existing plain schema is refused with a clear message', async () => {
    const other = await seededDbs();
    try {
      await migrate(other.reporting);
      await assert.rejects(migrate(other.reporting, { partitioned: true }), /already exists with plain fact tables/);
      assert.equal(await factLayout(other.reporting), 'plain');
    } finally {
      await other.close();
    }
  });
});

describe('first load (empty schema: indexes dropped, COPY, indexes built at the end)', function () {
  const dbs = suiteDbs();
  before(() => migrate(dbs.reporting));

  const indexes = async (): Promise<string[]> =>
    (await dbs.reporting.query<{ d: string }>("SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'reporting' ORDER BY indexname")).map((r) => r.d);

  it('a cancelled first load leaves the schema empty with every index in place', async () => {
    const before = await indexes();
    await assert.rejects(
      // In the middle of the node calcs, which stream from COPY to COPY.
      fullLoadCancelledAt(dbs, (p) => p.phase === 'load' && p.table === 'fc_scenario_node_calc'),
      /cancelled/,
    );
    assert.deepEqual(await indexes(), before);
    const [n] = await dbs.reporting.query<{ n: number }>('SELECT (SELECT count(*) FROM reporting.fact_scenario_events) + (SELECT count(*) FROM reporting.dim_node) AS n');
    assert.equal(Number(n.n), 0);
  });

  it('then loads everything, with the same indexes as the migrations define', async () => {
    const before = await indexes();
    const r = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    assert.equal(r.loaded.fact_node_calculations, demo().nodeCalcs.length);
    assert.deepEqual(await indexes(), before);
  });
});
