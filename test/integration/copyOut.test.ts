/**
 * The first full load streams node calcs with COPY … TO STDOUT in batches of --batch-size
 * rows. It used to fail at random when the calc count was 0 or an exact multiple of the
 * batch size (the reader searched uninitialised memory for rows). Each case here runs the
 * first load several times over, since the old failure came 5 times in 6, not always.
 */
import assert from 'node:assert/strict';
import { PgDb } from '../../src/db/pgDb';
import { sqlText } from '../../src/db/sqlFiles';
import { runEtl } from '../../src/etl/etl';
import { ON_SERVER, seededDbs, type TestDbs } from './setup';

const TRIES = 4;

describe('first full load: node calcs through COPY at batch boundaries', function () {
  let dbs: TestDbs;
  before(async () => {
    dbs = await seededDbs();
  });
  after(() => dbs?.close());

  const sourceCalcs = async (): Promise<number> =>
    (await dbs.prod.query<{ n: number }>('SELECT count(*)::int AS n FROM fc_scenario_node_calc'))[0].n;

  /** Keeps `n` node calcs in production (the rest deleted, through a writable connection). */
  async function keepCalcs(n: number): Promise<void> {
    const rw = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.prod;
    try {
      await rw.exec(`DELETE FROM fc_scenario_node_calc WHERE id NOT IN (SELECT id FROM fc_scenario_node_calc ORDER BY id LIMIT ${n})`);
    } finally {
      if (rw !== dbs.prod) await rw.close();
    }
    assert.equal(await sourceCalcs(), n, 'the source holds the calcs the case needs');
  }

  /** A first load (the reporting tables emptied, so it takes the COPY path); the calcs it loaded. */
  async function firstLoad(batchSize: number): Promise<number> {
    const tables = await dbs.reporting.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'reporting'");
    if (tables[0].n > 0) await dbs.reporting.exec(sqlText('etl/delete_all'));
    const result = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', batchSize });
    assert.equal(result.extracted.fc_scenario_node_calc, await sourceCalcs());
    const [{ n }] = await dbs.reporting.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting.fact_node_calculations');
    return n;
  }

  // Each case keeps fewer calcs than the one before (rows are only ever deleted).
  for (const [label, calcs, batch] of [
    ['exactly 3 batches', 3000, 1000],
    ['one row past a batch', 701, 700],
    ['exactly one batch', 700, 700],
    ['zero calcs', 0, 500],
  ] as const) {
    it(`${label}: ${calcs} calcs at --batch-size ${batch}, ${TRIES} first loads`, async () => {
      await keepCalcs(calcs);
      for (let i = 0; i < TRIES; i++) assert.equal(await firstLoad(batch), calcs, `try ${i + 1}`);
    });
  }
});
