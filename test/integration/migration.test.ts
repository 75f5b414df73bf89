/**
 * Migration 004 (the design's names, after 003's error categories) on a schema that today's (version 2) code created and
 * loaded: migrated in place, it holds what a fresh load holds.
 *
 * The version-2 contents are rebuilt from a fresh load by the inverse of 004's mapping, and
 * checked against the digest that the version-2 ETL itself produced from the same demo
 * (recorded below before 003 and 004 existed), so the starting point is exactly today's load.
 *
 * When the demo data changes, re-record: seed a server database with today's demo
 * (src/demo/seed.ts), run the version-2 command on it (`git worktree add --detach DIR
 * 4373619^`, then in DIR `TZ=UTC npx tsx src/cli.ts etl --full --prod SRC --reporting REP`),
 * and take `count(*) || ':' || md5(string_agg(x::text, '|' ORDER BY x::text))` of each table
 * and SOURCE_FINGERPRINT of SRC. (Two loads, in UTC and Asia/Kolkata, give the same digests.)
 */
import assert from 'node:assert/strict';
import type { Db } from '../../src/db/db';
import { runEtl } from '../../src/etl/etl';
import { listMigrations, migrate } from '../../src/etl/migrate';
import { DESIGN_TABLES } from '../designSchema';
import { digest, seededDbs, type TestDbs } from './setup';

/** The version-2 ETL's full load of the demo (`x::text` row digests), and the demo's source fingerprint. */
const V2_LOAD = {
  source: 'da144bc3fb0a9394fbd38ecbeeb01b4c',
  tables: {
    dim_node: '324:675ed7fed4958cb85f04bbfd794a3389',
    dim_scenario: '60:237b9e09535a77fe80647908310cfa9f',
    dim_run: '238:ba4783aaaba282d2e022a4e3eba5b75c',
    dim_user: '22:beeb6eaa9f65fbcf538a91d5a65f5f8b',
    fact_scenario_events: '6236:0a2fa989cedebb544367a5710548c01c',
    fact_input_changes: '6187:faa4a2947cf05bc9377435204ca845e6',
    fact_node_calculations: '12683:78d898db1845dcb7ecba31226a97d935',
  } as Record<string, string>,
};

const SOURCE_FINGERPRINT = `SELECT md5(string_agg(x, '|' ORDER BY x)) AS h FROM (
    SELECT id::text || coalesce(input_hash, '') || created_at::text AS x FROM fc_scenario_node_data
    UNION ALL SELECT id::text || run_status || run_at::text FROM fc_scenario_run
    UNION ALL SELECT id::text || status FROM fc_scenario_node_calc) s`;

/**
 * Version-4 rows → the rows version 2 held (the inverse of 003 and 004): old names, duration_ms as
 * the version-2 ETL computed it (JavaScript Date.parse: milliseconds, truncated), no
 * NO_CHANGE, none of the columns 003 and 004 added.
 */
const TO_V2: Record<string, string> = {
  dim_node: `SELECT to_jsonb(x) - 'etl_loaded_at' - 'node_group_name' || jsonb_build_object('node_group', x.node_group_name) FROM reporting.dim_node x`,
  dim_user: `SELECT to_jsonb(x) - 'etl_loaded_at' - 'username' FROM reporting.dim_user x`,
  dim_scenario: `SELECT to_jsonb(x) - 'etl_loaded_at' - 'forecast_init_id' - 'scenario_status' - 'model_disease_area' - 'scenario_region' - 'scenario_country'
       || jsonb_build_object('status', x.scenario_status, 'disease_area', x.model_disease_area, 'region', x.scenario_region, 'country', x.scenario_country)
       FROM reporting.dim_scenario x`,
  dim_run: `SELECT to_jsonb(x) - 'etl_loaded_at' - 'duration_seconds' - 'nodes_succeeded' - 'total_nodes'
       || jsonb_build_object('nodes_total', x.total_nodes, 'duration_ms',
            ((extract(epoch FROM date_trunc('milliseconds', x.run_complete_at)) - extract(epoch FROM date_trunc('milliseconds', x.run_at))) * 1000)::bigint)
       FROM reporting.dim_run x`,
  fact_scenario_events: `SELECT to_jsonb(x) - 'etl_loaded_at' - 'event_id' - 'event_description' - 'event_details'
       || jsonb_build_object('description', x.event_description, 'details', x.event_details) FROM reporting.fact_scenario_events x`,
  fact_input_changes: `SELECT to_jsonb(x) - 'etl_loaded_at' - 'change_id' - 'is_validated' - 'validation_errors' - 'changed_at' - 'changed_by' - 'current_hash' - 'change_type'
       || jsonb_build_object('created_at', x.changed_at, 'created_by', x.changed_by, 'input_hash', x.current_hash,
                             'change_type', CASE WHEN x.change_type = 'NO_CHANGE' THEN NULL ELSE x.change_type END)
       FROM reporting.fact_input_changes x`,
  fact_node_calculations: `SELECT to_jsonb(x) - 'etl_loaded_at' - 'calc_status' - 'processing_duration_sec'
       || jsonb_build_object('status', x.calc_status, 'processing_duration', x.processing_duration_sec) FROM reporting.fact_node_calculations x`,
};

/** The partition column of each fact in version 2 (partitioned layout). */
const PARTITION_COLUMN: Record<string, string> = {
  fact_scenario_events: 'event_timestamp',
  fact_input_changes: 'created_at',
  fact_node_calculations: 'run_at',
};

async function designColumnsPresent(db: Db): Promise<number> {
  const rows = await db.query<{ t: string; c: string }>(`SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'reporting'`);
  const have = new Set(rows.map((r) => `${r.t}.${r.c}`));
  return Object.entries(DESIGN_TABLES).reduce((n, [t, cols]) => n + cols.filter(([c]) => have.has(`${t}.${c}`)).length, 0);
}

async function v2Digest(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of Object.keys(V2_LOAD.tables)) {
    const [r] = await db.query<{ n: number; h: string }>(`SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM reporting.${t} x`);
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}

/** Fills version-2 tables of `into` with the rows of the version-3 load in `from`. */
async function copyAsV2(from: Db, into: Db, partitioned: boolean): Promise<void> {
  for (const [table, select] of Object.entries(TO_V2)) {
    const [{ rows }] = await from.query<{ rows: unknown }>(`SELECT coalesce(jsonb_agg(r), '[]'::jsonb)::text AS rows FROM (${select}) q(r)`);
    const col = PARTITION_COLUMN[table];
    if (partitioned && col) {
      await into.query(
        `SELECT reporting.ensure_month_partitions($1, (SELECT array_agg(DISTINCT (e->>$2)::date) FROM jsonb_array_elements($3::jsonb) e))`,
        [table, col, rows],
      );
    }
    await into.query(`INSERT INTO reporting.${table} SELECT * FROM jsonb_populate_recordset(NULL::reporting.${table}, $1::jsonb)`, [rows]);
  }
  await into.query(`INSERT INTO reporting.etl_state (name, watermark, last_success_at, last_mode) VALUES ('default', $1::timestamp, now(), 'full')`, [
    (await from.query<{ w: string }>(`SELECT watermark::text AS w FROM reporting.etl_state WHERE name = 'default'`))[0].w,
  ]);
}

for (const layout of ['plain', 'partitioned'] as const) {
  describe(`migrations 003 and 004 on a loaded version-2 schema (${layout})`, function () {
    let fresh: TestDbs;
    let old: TestDbs;
    const partitioned = layout === 'partitioned';
    before(async function () {
      fresh = await seededDbs();
      old = await seededDbs();
      const [src] = await old.prod.query<{ h: string }>(SOURCE_FINGERPRINT);
      if (src.h !== V2_LOAD.source) {
        console.log(`      pending: the demo data changed since the version-2 digests were recorded (source ${src.h}); re-record V2_LOAD from a version-2 checkout`);
        this.skip();
      }
      await runEtl({ source: fresh.prod, target: fresh.reporting, mode: 'full', partitioned });
      assert.deepEqual(await migrate(old.reporting, { partitioned, upTo: 2 }), [1, 2]);
      await copyAsV2(fresh.reporting, old.reporting, partitioned);
    });
    after(async () => {
      await fresh?.close();
      await old?.close();
    });

    it('starts from exactly what the version-2 ETL loaded', async () => {
      assert.deepEqual(await v2Digest(old.reporting), V2_LOAD.tables);
    });

    it("version 2 had 45 of the design's 73 columns under the design's names", async () => {
      assert.equal(await designColumnsPresent(old.reporting), 45);
    });

    it('migrates in place to the rows of a fresh load; the next ETL run fills forecast_init_id', async () => {
      assert.deepEqual(await migrate(old.reporting, { partitioned }), listMigrations().map((m) => m.version).filter((v) => v >= 3));
      assert.equal(await designColumnsPresent(old.reporting), 73);
      const [uncategorised] = await old.reporting.query<{ n: number }>("SELECT count(*)::int AS n FROM reporting.dim_run WHERE run_status IN ('failed', 'timeout') AND error_category IS NULL");
      assert.equal(uncategorised.n, 0, '003 categorised the failed runs loaded before it');
      const want = await digest(fresh.reporting);
      const got = await digest(old.reporting);
      for (const t of Object.keys(want)) if (t !== 'dim_scenario') assert.equal(got[t], want[t], t);
      // dim_scenario: all but forecast_init_id, which the source alone has.
      const noInit = `SELECT md5(string_agg((to_jsonb(x) - 'etl_loaded_at' - 'forecast_init_id')::text, '|' ORDER BY (to_jsonb(x) - 'etl_loaded_at' - 'forecast_init_id')::text)) AS h FROM reporting.dim_scenario x`;
      assert.equal((await old.reporting.query<{ h: string }>(noInit))[0].h, (await fresh.reporting.query<{ h: string }>(noInit))[0].h);
      const [filled] = await fresh.reporting.query<{ n: number }>('SELECT count(*) AS n FROM reporting.dim_scenario WHERE forecast_init_id IS NOT NULL');
      assert.ok(Number(filled.n) > 0, 'the demo has scenarios with a forecast_init_id');

      const r = await runEtl({ source: old.prod, target: old.reporting, mode: 'incremental' });
      assert.equal(r.extracted.fc_scenario, 60, 'every scenario read again once');
      assert.deepEqual(await digest(old.reporting), want);
      const again = await runEtl({ source: old.prod, target: old.reporting, mode: 'incremental' });
      assert.ok(again.extracted.fc_scenario < 60, 'the rescan mark is gone after one run');
    });

    it('keys event_id and change_id are set and distinct on every row', async () => {
      for (const [t, k] of [['fact_scenario_events', 'event_id'], ['fact_input_changes', 'change_id']]) {
        const [r] = await old.reporting.query<{ n: number; d: number; nulls: number }>(
          `SELECT count(*) AS n, count(DISTINCT ${k}) AS d, count(*) FILTER (WHERE ${k} IS NULL) AS nulls FROM reporting.${t}`,
        );
        assert.ok(Number(r.n) > 0);
        assert.equal(Number(r.d), Number(r.n), `${t}.${k} distinct`);
        assert.equal(Number(r.nulls), 0);
      }
    });
  });
}

/** The partition column of each fact today (partitioned layout). */
const PARTITION_NOW: Record<string, string> = {
  fact_scenario_events: 'event_timestamp',
  fact_input_changes: 'changed_at',
  fact_node_calculations: 'run_at',
};

for (const layout of ['plain', 'partitioned'] as const) {
  describe(`migrations 010 and 011 on a loaded version-9 schema (${layout})`, function () {
    let fresh: TestDbs;
    let old: TestDbs;
    const partitioned = layout === 'partitioned';
    before(async () => {
      fresh = await seededDbs();
      old = await seededDbs();
      await runEtl({ source: fresh.prod, target: fresh.reporting, mode: 'full', partitioned });
      assert.deepEqual(await migrate(old.reporting, { partitioned, upTo: 9 }), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // Version 9 held the seven loaded tables with today's columns but dim_run.design_category:
      // the rows of a fresh load, less that column (jsonb_populate_recordset keeps the version's columns).
      for (const table of ['dim_node', 'dim_scenario', 'dim_run', 'dim_user', 'fact_scenario_events', 'fact_input_changes', 'fact_node_calculations']) {
        const [{ rows }] = await fresh.reporting.query<{ rows: string }>(`SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]'::jsonb)::text AS rows FROM reporting.${table} x`);
        const col = PARTITION_NOW[table];
        if (partitioned && col) {
          await old.reporting.query(
            `SELECT reporting.ensure_month_partitions($1, (SELECT array_agg(DISTINCT (e->>$2)::date) FROM jsonb_array_elements($3::jsonb) e))`,
            [table, col, rows],
          );
        }
        await old.reporting.query(`INSERT INTO reporting.${table} SELECT * FROM jsonb_populate_recordset(NULL::reporting.${table}, $1::jsonb)`, [rows]);
      }
      const [{ w }] = await fresh.reporting.query<{ w: string }>(`SELECT watermark::text AS w FROM reporting.etl_state WHERE name = 'default'`);
      await old.reporting.query(`INSERT INTO reporting.etl_state (name, watermark, last_success_at, last_mode) VALUES ('default', $1::timestamp, now(), 'full')`, [w]);
    });
    after(async () => {
      await fresh?.close();
      await old?.close();
    });

    it('backfills the design categories and the derived facts: the rows of a fresh load; the next ETL run changes nothing', async () => {
      const [before] = await old.reporting.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting.dim_run');
      assert.ok(before.n > 200, 'version 9 holds the loaded runs');
      assert.deepEqual(await migrate(old.reporting, { partitioned }), [10, 11, 12, 13, 14, 15]);
      const want = await digest(fresh.reporting);
      for (const t of ['fact_scenario_state_change', 'fact_user_action', 'fact_run_diagnostic']) assert.ok(!want[t].startsWith('0:'), `${t} has rows`);
      assert.deepEqual(await digest(old.reporting), want);
      const [view] = await old.reporting.query<{ n: number; sources: number }>(
        `SELECT (SELECT count(*) FROM reporting.view_scenario_audit_trail)::int AS n,
                ((SELECT count(*) FROM reporting.fact_scenario_events) + (SELECT count(*) FROM reporting.fact_scenario_state_change)
                 + (SELECT count(*) FROM reporting.fact_user_action) + (SELECT count(*) FROM reporting.fact_run_diagnostic))::int AS sources`,
      );
      assert.equal(view.n, view.sources, 'the audit trail over the backfilled facts');
      const r = await runEtl({ source: old.prod, target: old.reporting, mode: 'incremental' });
      assert.deepEqual([r.loaded.fact_scenario_state_change, r.loaded.fact_user_action, r.loaded.fact_run_diagnostic], [0, 0, 0]);
      assert.deepEqual(await digest(old.reporting), want);
    });
  });
}
