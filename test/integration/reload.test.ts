/**
 * A full reload over a loaded schema (src/etl/reload.ts): new tables loaded like a first
 * load and swapped in at the end. Readers see the previous rows until the commit; the
 * indexes, keys, views, foreign keys, sequences and grants on the tables are as before.
 */
import assert from 'node:assert/strict';
import type { Db, Row, Tx } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { runEtl } from '../../src/etl/etl';
import { ON_SERVER, digest } from './setup';
import { suiteDbs } from './suite';

async function n(db: Db, sql: string): Promise<number> {
  return Number((await db.query<{ n: number }>(sql))[0].n);
}

const INDEXES = `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'reporting' ORDER BY indexname`;
/** Every constraint of the reporting schema (primary keys, checks, migration 011's foreign keys), by table. */
const CONSTRAINTS = `SELECT conrelid::regclass::text AS on_table, conname, contype, condeferrable, condeferred, convalidated, pg_get_constraintdef(oid) AS def
                       FROM pg_constraint WHERE connamespace = 'reporting'::regnamespace AND conparentid = 0 ORDER BY 1, 2`;

/** The target with hooks run just before and just after the statement that starts the swap (its lock). */
function aroundSwap(inner: Db, before: () => Promise<void>, after: () => void): Db {
  const wrap = (tx: Tx): Tx => ({
    exec: (sql) => tx.exec(sql),
    copyFrom: (sql, data) => tx.copyFrom(sql, data),
    copyOut: (sql, maxRows) => tx.copyOut(sql, maxRows),
    query: async <R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> => {
      if (!sql.startsWith('LOCK TABLE reporting.')) return tx.query<R>(sql, params);
      await before();
      const rows = await tx.query<R>(sql, params);
      after();
      return rows;
    },
  });
  return new Proxy(inner, {
    get(t, prop, receiver) {
      if (prop === 'transaction') return <T>(fn: (tx: Tx) => Promise<T>, o?: Parameters<Db['transaction']>[1]) => t.transaction((tx) => fn(wrap(tx)), o);
      const v = Reflect.get(t, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

for (const layout of ['plain', 'partitioned'] as const) {
  describe(`full reload over a loaded schema (${layout} layout): new tables swapped in at the end`, function () {
    const dbs = suiteDbs({ partitioned: layout === 'partitioned' });

    it('keeps every index and key as the migrations define them, and the same rows', async () => {
      const indexes = await dbs.reporting.query(INDEXES);
      const constraints = await dbs.reporting.query<{ contype: string }>(CONSTRAINTS);
      assert.ok(constraints.filter((c) => c.contype === 'f').length >= 19, 'migration 011 foreign keys are there to keep');
      const before = await digest(dbs.reporting);
      await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', batchSize: 900 });
      assert.deepEqual(await dbs.reporting.query(INDEXES), indexes);
      assert.deepEqual(await dbs.reporting.query(CONSTRAINTS), constraints, 'the same constraints, deferrable as before, validated');
      assert.deepEqual(await digest(dbs.reporting), before);
      assert.equal(await n(dbs.reporting, "SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'reporting_reload'"), 0, 'no staging schema left');
    });

    it('recreates what depends on the tables: views, the audit trail, foreign keys, triggers, sequences, grants', async () => {
      const r = dbs.reporting;
      await r.exec(`CREATE VIEW reporting.zz_failed_runs AS SELECT run_id, scenario_id FROM reporting.dim_run WHERE run_status = 'failed';
                    CREATE VIEW reporting.zz_failed_scenarios AS SELECT DISTINCT scenario_id FROM reporting.zz_failed_runs;
                    CREATE TABLE reporting.zz_note (run_id uuid NOT NULL REFERENCES reporting.dim_run (run_id), note text);
                    INSERT INTO reporting.zz_note (run_id, note) SELECT run_id, 'kept' FROM reporting.dim_run ORDER BY run_id LIMIT 1;
                    GRANT SELECT ON reporting.dim_run, reporting.zz_failed_runs TO PUBLIC;`);
      const failed = await n(r, 'SELECT count(*) AS n FROM reporting.zz_failed_runs');
      const trail = await n(r, 'SELECT count(*) AS n FROM reporting.view_scenario_audit_trail');
      assert.ok(failed > 0 && trail > 0, 'the fixture has failed runs and an audit trail');
      try {
        await runEtl({ source: dbs.prod, target: r, mode: 'full' });
        assert.equal(await n(r, 'SELECT count(*) AS n FROM reporting.zz_failed_runs'), failed, 'the view reads the new table');
        assert.equal(
          await n(r, 'SELECT count(*) AS n FROM reporting.zz_failed_scenarios'),
          await n(r, "SELECT count(DISTINCT scenario_id) AS n FROM reporting.dim_run WHERE run_status = 'failed'"),
          'a view over that view, made again too',
        );
        assert.equal(await n(r, 'SELECT count(*) AS n FROM reporting.view_scenario_audit_trail'), trail, 'the audit trail, populated');
        assert.equal(await n(r, "SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'reporting' AND tablename = 'view_scenario_audit_trail'"), 4);
        assert.equal(await n(r, 'SELECT count(*) AS n FROM (SELECT * FROM reporting.audit_trail_rows EXCEPT SELECT * FROM reporting.view_scenario_audit_trail) x'), 0, 'the trail = its definition');
        const fk = await r.query<{ target: string }>(
          "SELECT confrelid::regclass::text AS target FROM pg_constraint WHERE conrelid = 'reporting.zz_note'::regclass AND contype = 'f'",
        );
        assert.deepEqual(fk, [{ target: 'reporting.dim_run' }], 'the foreign key points at the new dim_run');
        await assert.rejects(r.query("INSERT INTO reporting.zz_note (run_id) VALUES ('00000000-0000-0000-0000-000000000001')"), /foreign key/);
        const grants = await r.query<{ t: string }>(
          "SELECT c.relname AS t FROM pg_class c, aclexplode(c.relacl) a WHERE c.relnamespace = 'reporting'::regnamespace AND a.grantee = 0 AND a.privilege_type = 'SELECT' ORDER BY 1",
        );
        assert.deepEqual(grants.map((g) => g.t), ['dim_run', 'zz_failed_runs']);
        const marks = await r.query<{ t: string }>(
          "SELECT c.relname AS t FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname = c.relname || '_writes' AND g.tgparentid = 0 ORDER BY 1",
        );
        assert.deepEqual(
          marks.map((m) => m.t),
          [
            'dim_node',
            'dim_run',
            'dim_scenario',
            'dim_user',
            'fact_input_changes',
            'fact_node_calculations',
            'fact_run_diagnostic',
            'fact_scenario_events',
            'fact_scenario_state_change',
            'fact_user_action',
            'view_scenario_audit_trail',
          ],
          'the write marks of migrations 014 and 015',
        );
        const seq = await r.query<{ s: string | null }>("SELECT pg_get_serial_sequence('reporting.fact_scenario_events', 'event_id') AS s");
        assert.equal(seq[0].s, 'reporting.fact_scenario_events_event_id_seq', 'event_id keeps its sequence');
      } finally {
        await r.exec(`DROP VIEW IF EXISTS reporting.zz_failed_scenarios; DROP VIEW IF EXISTS reporting.zz_failed_runs; DROP TABLE IF EXISTS reporting.zz_note; REVOKE SELECT ON reporting.dim_run FROM PUBLIC;`);
      }
    });

    it('a failure in the swap leaves the previous tables, keys and rows as they were, and no staging schema', async () => {
      const r = dbs.reporting;
      const before = await digest(r);
      const constraints = await r.query(CONSTRAINTS);
      const target = aroundSwap(
        r,
        async () => undefined,
        () => {
          throw new Error('the swap was interrupted');
        },
      );
      // One database for both (PGlite's demo): the same object, or the run would wait for itself.
      const source = dbs.prod === r ? target : dbs.prod;
      await assert.rejects(runEtl({ source, target, mode: 'full' }), /the swap was interrupted/);
      assert.deepEqual(await digest(r), before);
      assert.deepEqual(await r.query(CONSTRAINTS), constraints);
      assert.equal(await n(r, "SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'reporting_reload'"), 0, 'no staging schema left');
      assert.ok((await n(r, 'SELECT count(*) AS n FROM reporting.view_scenario_audit_trail')) > 0, 'the audit trail still answers');
    });

    it('a view outside the reporting schema over its tables: the reload deletes and loads in place, says so, same rows', async () => {
      const r = dbs.reporting;
      const before = await digest(r);
      await r.exec('CREATE SCHEMA IF NOT EXISTS zz_team; CREATE VIEW zz_team.runs AS SELECT run_id FROM reporting.dim_run;');
      try {
        const result = await runEtl({ source: dbs.prod, target: r, mode: 'full' });
        assert.deepEqual(
          result.warnings.filter((w) => w.startsWith('full reload:')),
          ['full reload: the view zz_team.runs outside the reporting schema reads its tables, so every row was deleted and loaded again in place (slower than building new tables)'],
        );
        assert.deepEqual(await digest(r), before);
        assert.equal(await n(r, 'SELECT count(*) AS n FROM zz_team.runs'), await n(r, 'SELECT count(*) AS n FROM reporting.dim_run'));
      } finally {
        await r.exec('DROP SCHEMA zz_team CASCADE');
      }
    });

    it('readers see the previous rows until the commit, then the new ones', async function () {
      if (!ON_SERVER) {
        console.log('      (pending: concurrent readers need a PostgreSQL server; PGlite has one connection)');
        this.skip();
      }
      const r = dbs.reporting;
      const runs = await n(r, 'SELECT count(*) AS n FROM reporting.dim_run');
      // The reporting copy lost a run: the reload brings it back.
      const [gone] = await r.query<{ run_id: string }>('SELECT run_id FROM reporting.dim_run ORDER BY run_id LIMIT 1');
      for (const t of ['fact_node_calculations', 'fact_scenario_events', 'dim_run']) await r.query(`DELETE FROM reporting.${t} WHERE run_id = $1`, [gone.run_id]);
      const reader = new PgDb({ url: dbs.reportingUrl, readOnly: false, statementTimeoutMs: 20_000 });
      let during: number | undefined;
      let after: Promise<number> | undefined;
      try {
        const target = aroundSwap(
          r,
          async () => {
            // Everything is loaded and indexed: a reader still reads the old tables, without waiting.
            during = await reader.transaction(async (tx) => {
              await tx.query("SET LOCAL lock_timeout = '5s'");
              return Number((await tx.query<{ n: number }>('SELECT count(*) AS n FROM reporting.dim_run'))[0].n);
            });
          },
          () => {
            // A reader arriving once the swap holds the locks waits for the commit, then reads the new tables.
            after = n(reader, 'SELECT count(*) AS n FROM reporting.dim_run');
            after.catch(() => undefined);
          },
        );
        await runEtl({ source: dbs.prod, target, mode: 'full' });
        assert.equal(during, runs - 1, 'the previous rows, during the load');
        assert.equal(await after, runs, 'the new rows, after the commit');
      } finally {
        await reader.close();
      }
    });
  });
}
