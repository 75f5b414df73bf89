/**
 * The Power BI model against the reporting schema as the migrations create it: every table,
 * column and relationship the TMDL names exists in the database with a matching type, and
 * the design's 73 columns are all there under their names and types; on loaded data, the
 * relationships hold and the counting measures (their DAX as written in the TMDL, evaluated
 * by test/powerbi/dax.ts) give the numbers SQL gives over the production source.
 */
import assert from 'node:assert/strict';
import { migrate } from '../../src/etl/migrate';
import { runEtl } from '../../src/etl/etl';
import { DESIGN_TABLES, TMDL_OF } from '../designSchema';
import { generatedModel as model } from '../tmdlReader';
import { evaluateMeasure, type Row } from '../powerbi/dax';
import { seededDbs, type TestDbs } from './setup';

for (const partitioned of [false, true]) {
  describe(`the Power BI model against the migrated reporting schema (${partitioned ? 'partitioned' : 'plain'} layout)`, function () {
    let dbs: TestDbs;
    let columns: Map<string, string>;
    before(async () => {
      dbs = await seededDbs();
      await migrate(dbs.reporting, { partitioned });
      const rows = await dbs.reporting.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'reporting'
         UNION ALL -- materialized views are not in information_schema
         SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'reporting' AND c.relkind = 'm' AND a.attnum > 0 AND NOT a.attisdropped`,
      );
      columns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
    });
    after(() => dbs?.close());

    it("holds the design's 73 columns under their names, with the design's types", () => {
      let n = 0;
      const missing: string[] = [];
      for (const [table, cols] of Object.entries(DESIGN_TABLES)) {
        for (const [name, type] of cols) {
          const got = columns.get(`${table}.${name}`);
          if (got === undefined) missing.push(`${table}.${name}`);
          else assert.equal(got, type, `${table}.${name}`);
          n++;
        }
      }
      assert.equal(n, 73);
      assert.deepEqual(missing, []);
    });

    it('every column the model imports exists in the database with a matching type; relationships join existing columns', () => {
      const m = model();
      let n = 0;
      for (const [table, t] of m.tables) {
        if (t.partitions[0]?.kind === 'calculated') continue; // a DAX table of the model (the run choices)
        for (const [name, c] of t.columns) {
          if (!c.sourceColumn) continue; // calculated in the model
          const type = columns.get(`${table}.${c.sourceColumn}`);
          assert.ok(type, `${table}.${c.sourceColumn} exists`);
          assert.equal(c.dataType, TMDL_OF[type], `${table}.${name}: ${type} is read as ${TMDL_OF[type]}`);
          n++;
        }
      }
      assert.ok(n >= 140, `${n} columns`);
      for (const r of m.relationships) {
        if (m.tables.get(r.from.table)?.partitions[0]?.kind === 'calculated') continue;
        assert.ok(columns.has(`${r.from.table}.${r.from.column}`), `${r.from.table}.${r.from.column}`);
        assert.ok(columns.has(`${r.to.table}.${r.to.column}`), `${r.to.table}.${r.to.column}`);
        assert.equal(columns.get(`${r.from.table}.${r.from.column}`), columns.get(`${r.to.table}.${r.to.column}`), `${r.name}: same type on both ends`);
      }
    });

    // Loaded rows are the same in both layouts (etl and partitioned tests): checked once.
    if (partitioned) return;
    describe('on loaded data', () => {
      before(async () => {
        await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
      });

      it('relationships hold: every fact key finds its dimension row (one side unique); tables the ETL does not fill yet are named', async function () {
        let checked = 0;
        const empty: string[] = [];
        for (const r of model().relationships) {
          if (model().tables.get(r.from.table)?.partitions[0]?.kind === 'calculated') continue;
          const [x] = await dbs.reporting.query<{ orphans: number; dupes: number; facts: number }>(
            `SELECT (SELECT count(*) FROM reporting.${r.from.table} f WHERE f.${r.from.column} IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM reporting.${r.to.table} d WHERE d.${r.to.column} = f.${r.from.column})) AS orphans,
                    (SELECT count(*) - count(DISTINCT ${r.to.column}) FROM reporting.${r.to.table}) AS dupes,
                    (SELECT count(*) FROM reporting.${r.from.table} WHERE ${r.from.column} IS NOT NULL) AS facts`,
          );
          if (Number(x.facts) === 0) {
            empty.push(`${r.from.table}.${r.from.column}`);
            continue;
          }
          assert.equal(Number(x.orphans), 0, `${r.from.table}.${r.from.column}: no orphan keys`);
          assert.equal(Number(x.dupes), 0, `${r.to.table}.${r.to.column}: the one side is unique`);
          checked++;
        }
        // The first part's relationships always have rows; the second part's tables are filled by the ETL once it loads them.
        assert.ok(checked >= 9, `${checked} relationships checked on rows`);
        for (const e of empty) assert.match(e, /^(fact_cloudwatch_log|fact_scenario_state_change|fact_user_action|fact_run_diagnostic|view_scenario_audit_trail)\./, `${e}: a first-part table is empty`);
        if (empty.length) console.log(`      (no rows yet, relationship not checked on data: ${empty.join(', ')})`);
      });

      it('the counting measures, as the TMDL writes them, give the numbers SQL gives over the production source (whole model and per scenario)', async () => {
        const measures: Record<string, string> = {};
        for (const t of model().tables.values()) for (const [name, x] of t.measures) measures[name] = x.expression;
        const runs: Row[] = (
          await dbs.reporting.query<{ run_id: string; scenario_id: string; run_status: string; duration_seconds: string | null }>(
            'SELECT run_id, scenario_id, run_status, duration_seconds FROM reporting.dim_run',
          )
        ).map((r) => ({ ...r, duration_seconds: r.duration_seconds === null ? null : Number(r.duration_seconds) }));
        const changes: Row[] = await dbs.reporting.query<{ scenario_id: string; change_type: string }>('SELECT scenario_id, change_type FROM reporting.fact_input_changes');
        const tables = { dim_run: runs, fact_input_changes: changes };
        // Independent: the source tables, the statuses and the "hash differs from the previous save" rule written out here.
        const expected = await dbs.prod.query<{ scenario_id: string; success: number; failed: number; finished: number; total: number; avg_duration: number | null; changes: number }>(
          `WITH r AS (
             SELECT scenario_id, count(*) FILTER (WHERE run_status = 'success') AS success, count(*) FILTER (WHERE run_status IN ('failed', 'timeout')) AS failed,
                    count(*) FILTER (WHERE run_status IN ('success', 'failed', 'timeout')) AS finished, count(*) AS total,
                    avg(extract(epoch FROM run_complete_at - run_at)) FILTER (WHERE run_complete_at IS NOT NULL) AS avg_duration,
                    sum(extract(epoch FROM run_complete_at - run_at)) FILTER (WHERE run_complete_at IS NOT NULL) AS sum_duration,
                    count(run_complete_at) AS n_duration
               FROM fc_scenario_run GROUP BY scenario_id),
           saves AS (
             SELECT scenario_id, input_hash,
                    lag(input_hash) OVER (PARTITION BY scenario_id, model_node_id ORDER BY created_at, id) AS prev,
                    row_number() OVER (PARTITION BY scenario_id, model_node_id ORDER BY created_at, id) AS n
               FROM fc_scenario_node_data),
           c AS (SELECT scenario_id, count(*) FILTER (WHERE n > 1 AND input_hash IS DISTINCT FROM prev) AS changes FROM saves GROUP BY scenario_id)
           SELECT r.scenario_id::text AS scenario_id, r.success::int AS success, r.failed::int AS failed, r.finished::int AS finished, r.total::int AS total,
                  r.avg_duration::float8 AS avg_duration, coalesce(c.changes, 0)::int AS changes
             FROM r LEFT JOIN c ON c.scenario_id = r.scenario_id
            UNION ALL
           SELECT NULL, sum(success)::int, sum(failed)::int, sum(finished)::int, sum(total)::int, (sum(sum_duration) / nullif(sum(n_duration), 0))::float8,
                  (SELECT count(*) FILTER (WHERE n > 1 AND input_hash IS DISTINCT FROM prev) FROM saves)::int
             FROM r`,
        );
        const all = expected.find((e) => e.scenario_id === null)!;
        assert.ok(all.total > 100 && all.changes > 50 && all.success > 0 && all.failed > 0 && all.finished > all.success, `a real sample: ${JSON.stringify(all)}`);
        const close = (got: unknown, want: number | null, what: string): void => {
          if (want === null) return assert.equal(got, null, what);
          assert.equal(typeof got, 'number', `${what}: ${String(got)}`);
          assert.ok(Math.abs((got as number) - want) < 1e-9 * Math.max(1, Math.abs(want)), `${what}: DAX ${String(got)} vs SQL ${want}`);
        };
        const check = (e: (typeof expected)[number], scenario: string | null, label: string): void => {
          const context: Record<string, string> = scenario ? { 'dim_run[scenario_id]': scenario } : {};
          const at = (name: string): unknown => evaluateMeasure(measures[name], tables, measures, context);
          close(at('Success Rate'), e.success / e.total, `${label} Success Rate`);
          close(at('Finished Success Rate'), e.finished ? e.success / e.finished : null, `${label} Finished Success Rate`);
          close(at('Total Runs'), e.total, `${label} Total Runs`);
          close(at('Total Failures'), e.failed === 0 ? null : e.failed, `${label} Total Failures`);
          close(at('Avg Run Duration'), e.avg_duration === null ? null : Number(e.avg_duration), `${label} Avg Run Duration`);
          // The scenario reaches the input changes through dim_scenario (changes_scenario): the same filter on their scenario_id.
          const changesGot = evaluateMeasure(measures['Input Change Count'], tables, measures, scenario ? { 'fact_input_changes[scenario_id]': scenario } : {});
          close(changesGot, e.changes === 0 ? null : e.changes, `${label} Input Change Count`);
        };
        check(all, null, 'all');
        // Per scenario: those with open runs, those with changes, and some others.
        const per = expected.filter((e) => e.scenario_id !== null);
        const sample = [...per.filter((e) => e.total > e.finished).slice(0, 3), ...per.filter((e) => e.changes > 0).slice(0, 3), ...per.slice(0, 4)];
        assert.ok(per.some((e) => e.total > e.finished), 'the sample has scenarios with open runs');
        for (const e of sample) check(e, e.scenario_id, `scenario ${e.scenario_id}`);
      });
    });
  });
}
