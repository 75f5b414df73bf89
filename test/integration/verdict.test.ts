import assert from 'node:assert/strict';
import { Analyses } from '../../src/engine/analyses';
import { loadCorpus } from '../../src/eval/culpritEval';
import type { CulpritCorpus } from '../../src/eval/culpritCorpus';
import type { DemoData, FcScenarioNodeDataRow, FcScenarioRunRow } from '../../src/demo/rows';
import { PgDb } from '../../src/db/pgDb';
import { migrate } from '../../src/etl/migrate';
import { BACKEND, emptyDbs, ON_SERVER, type TestDbs } from './setup';

/**
 * The verdict's context queries on both sources: a later run with the same inputs that
 * succeeded, and the same error in scenarios of other models within the hour. Fixture: two
 * models; scenario A1 fails after a benign edit and succeeds on a rerun with the same inputs;
 * A2 fails after an edit and succeeds only after another edit (not the same inputs); B1 of
 * the other model fails with A3's error 20 minutes later, B2 of the other model 3 hours later.
 */
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (h: number, m = 0): string => new Date(Date.UTC(2026, 9, 5, h, m)).toISOString();

function fixture(): DemoData {
  const models = [1, 2].map((m) => ({ id: id(m), model_display_name: `Model ${m}`, disease_area: null, therapeutic_area: null }));
  const nodes = [
    { id: id(11), model_id: id(1), node_display_name: 'Price', node_type: 'input' as const, node_group_name: 'Revenue', node_seq: 1 },
    { id: id(12), model_id: id(1), node_display_name: 'Net revenue', node_type: 'calculation' as const, node_group_name: 'Revenue', node_seq: 2 },
    { id: id(21), model_id: id(2), node_display_name: 'Share', node_type: 'input' as const, node_group_name: 'Market', node_seq: 1 },
  ];
  const scen = (n: number, model: number) => ({
    id: id(100 + n), model_id: id(model), scenario_display_name: `S${n}`, status: 'draft' as const, is_starter: false, scenario_start_year: 2026, scenario_end_year: 2030,
    forecast_init_id: null, scenario_region: null, scenario_country: null, created_at: at(1), created_by: 'ann', created_req_id: null, updated_at: null, updated_by: null,
    updated_req_id: null, submitted_at: null, submitted_by: null, submitted_req_id: null, locked_at: null, locked_by: null, locked_req_id: null,
  });
  const scenarios = [scen(1, 1), scen(2, 1), scen(3, 1), scen(4, 2), scen(5, 2)];
  const runs: FcScenarioRunRow[] = [];
  const run = (n: number, s: number, status: FcScenarioRunRow['run_status'], t: string, reason: string | null = null): void => {
    runs.push({ id: id(1000 + n), scenario_id: id(100 + s), run_status: status, run_at: t, run_complete_at: t, run_by: 'ann', run_req_id: null, fail_reason: reason });
  };
  const nodeData: FcScenarioNodeDataRow[] = [];
  const save = (n: number, s: number, node: number, value: number, t: string, end: string | null): void => {
    nodeData.push({ id: id(5000 + n), scenario_id: id(100 + s), model_node_id: id(node), input_data: { value }, input_hash: `h${value}`, created_at: t, created_by: 'ann', created_req_id: null, end_at: end });
  };
  const lost = 'engine exited unexpectedly on calc-7';
  // S1: success, benign edit, failure, an edit undone, rerun success with the same inputs.
  save(1, 1, 11, 10, at(2), at(3));
  run(1, 1, 'success', at(2, 30));
  save(2, 1, 11, 11, at(3), at(5));
  run(2, 1, 'failed', at(4), lost);
  save(3, 1, 11, 99, at(5), at(5, 30));
  save(4, 1, 11, 11, at(5, 30), null);
  run(3, 1, 'success', at(6));
  // S2: success, edit, failure, another edit, success (not the same inputs).
  save(5, 2, 11, 10, at(2), at(3));
  run(4, 2, 'success', at(2, 30));
  save(6, 2, 11, 12, at(3), at(5));
  run(5, 2, 'failed', at(4), 'Calculation failed');
  save(7, 2, 11, 13, at(5), null);
  run(6, 2, 'success', at(6));
  // S3 (model 1): a failure with a signature of its own; S4 (model 2): the same error 20 min later; S5 (model 2): 3 h later.
  save(8, 3, 11, 10, at(2), null);
  const deadlock = "DatabaseError: deadlock detected while writing results of node 'Net revenue' (pid 4242)";
  run(7, 3, 'failed', at(10), deadlock);
  save(9, 4, 21, 1, at(2), null);
  run(8, 4, 'failed', at(10, 20), deadlock.replace('4242', '977'));
  save(10, 5, 21, 1, at(2), null);
  run(9, 5, 'failed', at(13), deadlock.replace('4242', '31'));
  return { models, nodes, scenarios, runs, nodeData, nodeCalcs: [], stories: undefined as never };
}

describe(`verdict context on both sources (${BACKEND})`, function () {
  let dbs: TestDbs;
  before(async () => {
    dbs = await emptyDbs();
    const corpus = fixture() as unknown as CulpritCorpus;
    if (!ON_SERVER) await loadCorpus(dbs.reporting, corpus);
    else {
      const writer = new PgDb({ url: dbs.url, readOnly: false });
      try {
        await loadCorpus(writer, corpus, { source: dbs.prod, target: dbs.reporting });
      } finally {
        await writer.close();
      }
    }
  });
  after(() => dbs?.close());

  it('migration 009 re-categorises stored failures by the infrastructure rules (a deadlock stored as database)', async () => {
    const target = ON_SERVER ? new PgDb({ url: dbs.reportingUrl, readOnly: false }) : dbs.reporting;
    try {
      const deadlock = id(1007);
      const stored = async (): Promise<string | undefined> =>
        (await target.query<{ error_category: string }>('SELECT error_category FROM reporting.dim_run WHERE run_id = $1', [deadlock]))[0]?.error_category;
      assert.equal(await stored(), 'infrastructure');
      // As an older version stored it, then 009 again.
      await target.query("UPDATE reporting.dim_run SET error_category = 'database' WHERE run_id = $1", [deadlock]);
      await target.query('DELETE FROM reporting.schema_migrations WHERE version = 9');
      assert.deepEqual(await migrate(target), [9]);
      assert.equal(await stored(), 'infrastructure');
    } finally {
      if (ON_SERVER) await target.close();
    }
  });

  for (const kind of ['prod', 'reporting'] as const) {
    const a = (): Analyses => new Analyses(kind === 'prod' ? dbs.prod : dbs.reporting, kind);

    it(`${kind}: a later success with the same inputs (an edit undone in between) is found; one after another edit is not`, async () => {
      const same = await a().failureContext((await a().run(id(1002)))!);
      assert.deepEqual(same.rerun, { run_id: id(1003), run_at: at(6) });
      const other = await a().failureContext((await a().run(id(1005)))!);
      assert.equal(other.rerun, null);
    });

    it(`${kind}: the same error in another model within the hour is an incident; 3 hours later is not`, async () => {
      const ctx = await a().failureContext((await a().run(id(1007)))!);
      assert.deepEqual(ctx.incident, { runs: 1, scenarios: 1, models: 1 });
      assert.equal(ctx.rerun, null);
      // S1's error happened in no other model.
      assert.equal((await a().failureContext((await a().run(id(1002)))!)).incident, null);
    });

    it(`${kind}: explain blames no input when the rerun succeeded, and only circumstantial evidence otherwise`, async () => {
      const x = await a().explain(id(1002));
      assert.equal(x.confidence, 'none');
      assert.equal(x.verdict.kind, 'infrastructure');
      assert.equal(x.verdict.node_id, null);
      assert.match(x.verdict.summary, /^Not an input: .*a later run with the same inputs succeeded \(run `00000000` at 2026-10-05T06:00:00.000Z\)/);
      assert.equal(x.candidates[0]?.node_name, 'Price');
      const y = await a().explain(id(1005));
      assert.equal(y.confidence, 'weak', JSON.stringify(y.candidates));
      assert.equal(y.verdict.kind, 'unknown');
      assert.match(y.verdict.summary, /^Possible causes, none decisive: .*\(judged on the database alone, no logs read\)\.$/);
    });
  }
});
