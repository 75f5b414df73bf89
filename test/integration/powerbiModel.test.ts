/**
 * The Power BI model against the reporting schema as the migrations create it: every table,
 * column and relationship the TMDL names exists in the database with a matching type, and
 * the design's 73 columns are all there under their names and types.
 */
import assert from 'node:assert/strict';
import { migrate } from '../../src/etl/migrate';
import { runEtl } from '../../src/etl/etl';
import { DESIGN_TABLES, TMDL_OF } from '../designSchema';
import { generatedModel as model } from '../tmdlReader';
import { seededDbs, type TestDbs } from './setup';

for (const partitioned of [false, true]) {
  describe(`the Power BI model against the migrated reporting schema (${partitioned ? 'partitioned' : 'plain'} layout)`, function () {
    let dbs: TestDbs;
    let columns: Map<string, string>;
    before(async () => {
      dbs = await seededDbs();
      await migrate(dbs.reporting, { partitioned });
      const rows = await dbs.reporting.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'reporting'`,
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
        for (const [name, c] of t.columns) {
          if (!c.sourceColumn) continue; // calculated in the model
          const type = columns.get(`${table}.${c.sourceColumn}`);
          assert.ok(type, `${table}.${c.sourceColumn} exists`);
          assert.equal(c.dataType, TMDL_OF[type], `${table}.${name}: ${type} is read as ${TMDL_OF[type]}`);
          n++;
        }
      }
      assert.ok(n >= 73, `${n} columns`);
      for (const r of m.relationships) {
        assert.ok(columns.has(`${r.from.table}.${r.from.column}`), `${r.from.table}.${r.from.column}`);
        assert.ok(columns.has(`${r.to.table}.${r.to.column}`), `${r.to.table}.${r.to.column}`);
        assert.equal(columns.get(`${r.from.table}.${r.from.column}`), columns.get(`${r.to.table}.${r.to.column}`), `${r.name}: same type on both ends`);
      }
    });

    // Loaded rows are the same in both layouts (etl and partitioned tests): checked once.
    if (partitioned) return;
    it('relationships hold on loaded data: every fact key finds its dimension row (one side unique)', async () => {
      await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
      for (const r of model().relationships) {
        const [x] = await dbs.reporting.query<{ orphans: number; dupes: number; facts: number }>(
          `SELECT (SELECT count(*) FROM reporting.${r.from.table} f WHERE f.${r.from.column} IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM reporting.${r.to.table} d WHERE d.${r.to.column} = f.${r.from.column})) AS orphans,
                  (SELECT count(*) - count(DISTINCT ${r.to.column}) FROM reporting.${r.to.table}) AS dupes,
                  (SELECT count(*) FROM reporting.${r.from.table} WHERE ${r.from.column} IS NOT NULL) AS facts`,
        );
        assert.ok(Number(x.facts) > 0, `${r.name}: rows to join`);
        assert.equal(Number(x.orphans), 0, `${r.name}: no orphan keys`);
        assert.equal(Number(x.dupes), 0, `${r.name}: the one side is unique`);
      }
    });
  });
}
