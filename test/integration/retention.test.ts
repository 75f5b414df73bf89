import assert from 'node:assert/strict';
import { Analyses } from '../../src/engine/analyses';
import { runEtl } from '../../src/etl/etl';
import { demo, seededDbs, type TestDbs } from './setup';

const CUTOFF = '2026-11-01T00:00:00.000Z';
/** 30 days after the cutoff: `--retain-days 30` keeps November. */
const NOW = () => Date.parse('2026-12-01T00:00:00.000Z');
const older = (iso: string | null | undefined): boolean => !!iso && Date.parse(iso) < Date.parse(CUTOFF);

async function count(db: TestDbs['reporting'], sql: string): Promise<number> {
  return Number((await db.query<{ n: number }>(sql))[0].n);
}

/** What retention must remove, from the generated source rows (not from the code under test). */
function expected() {
  const d = demo();
  const runAt = new Map(d.runs.map((r) => [r.id, r.run_at]));
  return {
    calcsPruned: d.nodeCalcs.filter((c) => older(runAt.get(c.run_id))).length,
    calcsKept: d.nodeCalcs.filter((c) => !older(runAt.get(c.run_id))).length,
    savesPruned: d.nodeData.filter((s) => older(s.end_at)).length,
    savesKept: d.nodeData.filter((s) => !older(s.end_at)).length,
    runsKept: d.runs.filter((r) => !older(r.run_at) || (r.run_complete_at && !older(r.run_complete_at) && ['success', 'failed', 'timeout'].includes(r.run_status))).length,
  };
}

for (const partitioned of [false, true]) {
  describe(`retention (--retain-days) on the ${partitioned ? 'partitioned' : 'plain'} layout`, function () {
    let dbs: TestDbs;
    let snapshotsBefore: Map<string, unknown>;
    let keptRuns: string[];
    before(async () => {
      dbs = await seededDbs();
      await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', partitioned });
      const rep = new Analyses(dbs.reporting, 'reporting');
      keptRuns = demo().stories.list.map((s) => s.failed_run_id).filter((id) => !older(demo().runs.find((r) => r.id === id)!.run_at));
      snapshotsBefore = new Map();
      for (const id of keptRuns) snapshotsBefore.set(id, await rep.snapshot(id));
    });
    after(() => dbs?.close());

    it('the full refresh prunes exactly the facts older than the cutoff and reports it in the run log', async () => {
      const e = expected();
      const eventsBefore = await count(dbs.reporting, `SELECT count(*) AS n FROM reporting.fact_scenario_events WHERE event_timestamp < '2026-11-01'`);
      const eventsKept = await count(dbs.reporting, `SELECT count(*) AS n FROM reporting.fact_scenario_events WHERE event_timestamp >= '2026-11-01'`);
      assert.ok(eventsBefore > 0 && e.calcsPruned > 0 && e.savesPruned > 0, 'the fixture has old rows to prune');
      const r = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', retainDays: 30, now: NOW });
      assert.equal(r.pruned!.fact_node_calculations, e.calcsPruned);
      assert.equal(r.pruned!.fact_input_changes, e.savesPruned);
      assert.equal(r.pruned!.fact_scenario_events, eventsBefore);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_node_calculations'), e.calcsKept);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_input_changes'), e.savesKept);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_scenario_events'), eventsKept);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.dim_run'), e.runsKept);
      assert.equal(r.pruned!.dim_run, demo().runs.length - e.runsKept);
      // Dimensions still referenced stay: every fact's run, scenario and node is there.
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_node_calculations c WHERE NOT EXISTS (SELECT 1 FROM reporting.dim_run r WHERE r.run_id = c.run_id)'), 0);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.dim_scenario'), demo().scenarios.length);
      const [log] = await dbs.reporting.query<{ pruned: Record<string, unknown> }>("SELECT pruned FROM reporting.etl_run_log WHERE status = 'success' ORDER BY id DESC LIMIT 1");
      assert.equal(log.pruned.fact_node_calculations, e.calcsPruned);
    });

    it(partitioned ? 'drops exactly the old months as partitions (saves: only months left empty)' : 'a second refresh prunes the same again (plain layout: batched deletes, no partitions)', async () => {
      const r = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', retainDays: 30, now: NOW });
      const parts = await dbs.reporting.query<{ part: string }>(
        `SELECT c.relname AS part FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
          JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'reporting' AND c.relkind = 'r' ORDER BY 1`,
      );
      if (partitioned) {
        // October's events and calcs went (again: the refresh reloaded them first); saves still in force keep theirs.
        assert.deepEqual([...r.pruned!.partitions_dropped].sort(), ['fact_node_calculations_p2026_10', 'fact_scenario_events_p2026_10']);
        assert.deepEqual(parts.map((p) => p.part), ['fact_input_changes_p2026_10', 'fact_input_changes_p2026_11', 'fact_node_calculations_p2026_11', 'fact_scenario_events_p2026_11']);
      } else {
        assert.deepEqual(r.pruned!.partitions_dropped, []);
        assert.deepEqual(parts, []);
      }
      assert.equal(r.pruned!.fact_node_calculations, expected().calcsPruned);
    });

    it('snapshots of the runs kept are unchanged (saves in force at the cutoff stay)', async () => {
      assert.ok(keptRuns.length > 0);
      const rep = new Analyses(dbs.reporting, 'reporting');
      for (const id of keptRuns) assert.deepEqual(await rep.snapshot(id), snapshotsBefore.get(id), id);
    });
  });
}
