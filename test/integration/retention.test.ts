import assert from 'node:assert/strict';
import type { OverviewQuery } from '../../src/core/overviewData';
import type { Db } from '../../src/db/db';
import { Analyses } from '../../src/engine/analyses';
import { durationTrend, failureCategories, kpis, runsPerDay } from '../../src/engine/overview';
import { runEtl } from '../../src/etl/etl';
import { applyRetention, type RetentionRequest } from '../../src/etl/retention';
import { verifyReporting } from '../../src/ops/verify';
import { demo, seededDbs, type TestDbs } from './setup';

const CUTOFF = '2026-11-01T00:00:00.000Z';
/** 30 days after the cutoff: `--retain-days 30` keeps November. */
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const older = (iso: string | null | undefined): boolean => !!iso && Date.parse(iso) < Date.parse(CUTOFF);
const day = (iso: string): string => iso.slice(0, 10);

async function count(db: Db, sql: string): Promise<number> {
  return Number((await db.query<{ n: number }>(sql))[0].n);
}

/** What retention must move, from the generated source rows (not from the code under test). */
function expected() {
  const d = demo();
  const oldRuns = d.runs.filter((r) => older(r.run_at));
  const oldRunIds = new Set(oldRuns.map((r) => r.id));
  const runAt = new Map(d.runs.map((r) => [r.id, r.run_at]));
  const nodeOf = new Map(d.nodes.map((n) => [n.id, n]));
  // agg_daily_runs: (day, scenario, status) → runs, duration in ms (finished runs have one).
  const runs = new Map<string, { runs: number; ms: number; timed: number }>();
  for (const r of oldRuns) {
    const k = `${day(r.run_at)}|${r.scenario_id}|${r.run_status}`;
    const e = runs.get(k) ?? { runs: 0, ms: 0, timed: 0 };
    e.runs++;
    if (r.run_complete_at) {
      e.ms += Date.parse(r.run_complete_at) - Date.parse(r.run_at);
      e.timed++;
    }
    runs.set(k, e);
  }
  // agg_daily_calcs: (run day, node, status) → calcs.
  const calcs = new Map<string, number>();
  for (const c of d.nodeCalcs.filter((x) => oldRunIds.has(x.run_id))) {
    const k = `${day(runAt.get(c.run_id)!)}|${c.model_node_id}|${c.status}`;
    calcs.set(k, (calcs.get(k) ?? 0) + 1);
  }
  return {
    oldRunIds,
    runs,
    calcs,
    nodeTypes: new Set([...calcs.keys()].map((k) => nodeOf.get(k.split('|')[1])?.node_type)),
    calcsPruned: d.nodeCalcs.filter((c) => oldRunIds.has(c.run_id)).length,
    calcsKept: d.nodeCalcs.filter((c) => !oldRunIds.has(c.run_id)).length,
    savesPruned: d.nodeData.filter((s) => older(s.end_at)).length,
    savesKept: d.nodeData.filter((s) => !older(s.end_at)).length,
    runsKept: d.runs.length - oldRuns.length,
  };
}

/**
 * Rows of the design's second part with known dates, beside the run diagnostics the ETL derived
 * (one per run, as a real prune sees them): 5 log records (2 old, 1 dated after the cutoff but
 * correlated to an old run, 2 kept) and the log columns the logs step gives their runs'
 * diagnostics; 3 state changes (1 old, 1 of an old run after the cutoff, 1 kept); 2 user
 * actions (1 old, 1 kept) in place of the ETL's.
 */
async function insertSecondPart(db: Db, partitioned: boolean): Promise<{ oldRun: string; keptRun: string; scenario: string }> {
  const d = demo();
  const oldRuns = d.runs.filter((r) => older(r.run_at));
  const keptRuns = d.runs.filter((r) => !older(r.run_at));
  // Only these known rows in the state changes and user actions (the ETL derives them for every scenario).
  await db.exec('DELETE FROM reporting.fact_user_action; DELETE FROM reporting.fact_scenario_state_change;');
  if (partitioned) await db.query(`SELECT reporting.ensure_month_partitions('fact_cloudwatch_log', ARRAY['2026-10-01', '2026-11-01']::date[])`);
  const oldRun = oldRuns[0];
  const keptRun = keptRuns[0];
  const logs: Array<[string, string, string | null, string]> = [
    ['k1', '2026-10-25 10:00:00', null, 'ERROR'],
    ['k2', '2026-10-31 23:59:59', null, 'INFO'],
    ['k3', '2026-11-02 08:00:00', oldRun.id, 'ERROR'],
    ['k4', '2026-11-05 08:00:00', null, 'WARN'],
    ['k5', '2026-11-06 08:00:00', keptRun.id, 'ERROR'],
  ];
  for (const [key, ts, run, level] of logs) {
    await db.query(
      `INSERT INTO reporting.fact_cloudwatch_log (log_key, log_timestamp, log_level, message, run_id, error_category, stack_trace, log_source, origin)
       VALUES ($1, $2::timestamp, $3, 'm', $4::uuid, CASE WHEN $3 = 'ERROR' THEN 'calculation' END, CASE WHEN $3 = 'ERROR' THEN 'at ' || $1 END, 'file', 'test')`,
      [`file:test:${key}`, ts, level, run],
    );
  }
  // What the logs step gives the diagnostics of the runs these records are correlated to (k3, k5: one ERROR each).
  for (const [run, key] of [
    [oldRun.id, 'k3'],
    [keptRun.id, 'k5'],
  ]) {
    await db.query(`UPDATE reporting.fact_run_diagnostic SET log_records = 1, log_errors = 1, stack_trace = $2 WHERE run_id = $1`, [run, `at file:test:${key}`]);
  }
  const scenario = oldRun.scenario_id;
  await db.query(
    `INSERT INTO reporting.fact_scenario_state_change (scenario_id, change_key, entity, run_id, from_state, to_state, changed_at) VALUES
       ($1::uuid, 'scenario:created', 'scenario', NULL, NULL, 'draft', '2026-10-20 09:00:00'),
       ($1::uuid, 'run:' || $2 || ':ended', 'run', $2::uuid, 'running', 'failed', '2026-11-01 00:30:00'),
       ($3::uuid, 'run:' || $4 || ':started', 'run', $4::uuid, NULL, 'running', '2026-11-10 00:00:00')`,
    [scenario, oldRun.id, keptRun.scenario_id, keptRun.id],
  );
  // The actions' user (fact_user_action.user_id references dim_user).
  await db.query(`INSERT INTO reporting.dim_user (user_id, username, first_seen_at, last_seen_at) VALUES ('u1', 'u1', '2026-10-28 12:00:00', '2026-11-28 12:00:00') ON CONFLICT (user_id) DO NOTHING`);
  await db.query(
    `INSERT INTO reporting.fact_user_action (scenario_id, action_key, user_id, action_type, action_at) VALUES
       ($1::uuid, 'a-old', 'u1', 'SCENARIO_UPDATED', '2026-10-28 12:00:00'),
       ($1::uuid, 'a-new', 'u1', 'SCENARIO_UPDATED', '2026-11-28 12:00:00')`,
    [scenario],
  );
  return { oldRun: oldRun.id, keptRun: keptRun.id, scenario };
}

/** The run diagnostics of the window, as text (the surrogate key and load time aside). */
async function windowDiagnostics(db: Db): Promise<string> {
  const rows = await db.query<{ r: string }>(`SELECT (to_jsonb(x) - 'diagnostic_id' - 'etl_loaded_at')::text AS r FROM reporting.fact_run_diagnostic x ORDER BY 1`);
  return rows.map((r) => r.r).join('\n');
}

/** The archived diagnostic of `runId`: the run's outcome and the log evidence it had when pruned. */
async function archivedDiagnostic(db: Db, runId: string): Promise<unknown> {
  return (
    await db.query(
      'SELECT run_status, fail_reason, total_nodes, log_records, log_errors, stack_trace FROM reporting.archive_fact_run_diagnostic WHERE run_id = $1',
      [runId],
    )
  )[0];
}

/** The same, from the generated source run (total_nodes: its node calcs) and the fixture's log record. */
function oldRunDiagnostic(runId: string): unknown {
  const d = demo();
  const r = d.runs.find((x) => x.id === runId)!;
  return {
    run_status: r.run_status,
    fail_reason: r.fail_reason ?? null,
    total_nodes: d.nodeCalcs.filter((c) => c.run_id === runId).length,
    log_records: 1,
    log_errors: 1,
    stack_trace: 'at file:test:k3',
  };
}

/**
 * Every row of the archive and aggregate tables, as text (for before / after comparisons),
 * archived_at and etl_loaded_at included: a row rewritten by a later run shows.
 */
async function retainedContent(db: Db): Promise<string> {
  const out: string[] = [];
  for (const t of ['archive_dim_run', 'archive_fact_run_diagnostic', 'agg_daily_runs', 'agg_daily_calcs', 'agg_daily_logs', 'agg_daily_activity']) {
    const rows = await db.query<{ r: string }>(`SELECT to_jsonb(x)::text AS r FROM reporting.${t} x ORDER BY 1`);
    out.push(`${t}: ${rows.map((r) => r.r).join('\n')}`);
  }
  return out.join('\n');
}

/** The Overview's long trends over a range crossing the cutoff (all of the data), unfiltered and by model. */
async function trends(db: Db, scenarioId: string): Promise<unknown> {
  const range = { from: '2026-10-20', to: '2026-11-22', days: 33 };
  const base: OverviewQuery = { range, modelId: null, diseaseArea: null, scenarioStatus: null, nodeType: null, errorText: null };
  const byModel: OverviewQuery = { ...base, modelId: demo().scenarios[0].model_id };
  const out: Record<string, unknown> = {};
  for (const [name, q] of [
    ['all', base],
    ['model', byModel],
  ] as const) {
    out[name] = { kpis: await kpis(db, q), perDay: await runsPerDay(db, q), categories: await failureCategories(db, q) };
  }
  out.trend = await durationTrend(db, base, scenarioId);
  return out;
}

const retain = (db: Db, partitioned: boolean, request: RetentionRequest) => db.transaction((tx) => applyRetention(tx, partitioned, request));

for (const partitioned of [false, true]) {
  describe(`retention on the ${partitioned ? 'partitioned' : 'plain'} layout: archive and daily aggregates`, function () {
    let dbs: TestDbs;
    let snapshotsBefore: Map<string, unknown>;
    let keptRuns: string[];
    let trendsBefore: unknown;
    let crossing: string;
    let second: { oldRun: string; keptRun: string; scenario: string };
    let eventsPruned: number;
    let eventsKept: number;
    let afterFirst: string;
    before(async () => {
      dbs = await seededDbs();
      await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', partitioned });
      second = await insertSecondPart(dbs.reporting, partitioned);
      const d = demo();
      const rep = new Analyses(dbs.reporting, 'reporting');
      keptRuns = d.stories.list.map((s) => s.failed_run_id).filter((id) => !older(d.runs.find((r) => r.id === id)!.run_at));
      snapshotsBefore = new Map();
      for (const id of keptRuns) snapshotsBefore.set(id, await rep.snapshot(id));
      // A scenario with runs on both sides of the cutoff: its duration trend crosses it.
      crossing = d.scenarios.map((s) => s.id).find((id) => d.runs.some((r) => r.scenario_id === id && older(r.run_at)) && d.runs.some((r) => r.scenario_id === id && !older(r.run_at)))!;
      trendsBefore = await trends(dbs.reporting, crossing);
      const oldRuns = `SELECT run_id FROM reporting.dim_run WHERE run_at < '2026-11-01'`;
      eventsPruned = await count(dbs.reporting, `SELECT count(*) AS n FROM reporting.fact_scenario_events WHERE event_timestamp < '2026-11-01' OR run_id IN (${oldRuns})`);
      eventsKept = (await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_scenario_events')) - eventsPruned;
    });
    after(() => dbs?.close());

    it('a prune moves exactly the facts of both parts older than the cutoff (runs with everything of theirs)', async () => {
      const e = expected();
      assert.ok(e.oldRunIds.size > 0 && e.calcsPruned > 0 && e.savesPruned > 0 && eventsPruned > 0, 'the fixture has old rows to prune');
      const r = await retain(dbs.reporting, partitioned, { days: 30, every: 'run', now: NOW });
      const p = r.pruned!;
      assert.equal(p.cutoff, CUTOFF);
      assert.equal(r.retainedFrom, CUTOFF);
      assert.deepEqual(
        [p.dim_run, p.fact_node_calculations, p.fact_input_changes, p.fact_scenario_events, p.fact_run_diagnostic, p.fact_cloudwatch_log, p.fact_scenario_state_change, p.fact_user_action],
        [e.oldRunIds.size, e.calcsPruned, e.savesPruned, eventsPruned, e.oldRunIds.size, 3, 2, 1],
      );
      const left = async (t: string): Promise<number> => count(dbs.reporting, `SELECT count(*) AS n FROM reporting.${t}`);
      assert.deepEqual(
        [await left('dim_run'), await left('fact_node_calculations'), await left('fact_input_changes'), await left('fact_scenario_events')],
        [e.runsKept, e.calcsKept, e.savesKept, eventsKept],
      );
      assert.deepEqual([await left('fact_run_diagnostic'), await left('fact_cloudwatch_log'), await left('fact_scenario_state_change'), await left('fact_user_action')], [e.runsKept, 2, 1, 1]);
      // Raw archive: exactly the old runs, and their diagnostics (the log evidence of theirs with them).
      const archived = await dbs.reporting.query<{ run_id: string }>('SELECT run_id FROM reporting.archive_dim_run ORDER BY 1');
      assert.deepEqual(archived.map((a) => a.run_id), [...e.oldRunIds].sort());
      const diagnostics = await dbs.reporting.query<{ run_id: string }>('SELECT run_id FROM reporting.archive_fact_run_diagnostic ORDER BY 1');
      assert.deepEqual(diagnostics.map((a) => a.run_id), [...e.oldRunIds].sort());
      assert.deepEqual(await archivedDiagnostic(dbs.reporting, second.oldRun), oldRunDiagnostic(second.oldRun));
      // Nothing kept refers to a run that went; every scenario stays.
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_node_calculations c WHERE NOT EXISTS (SELECT 1 FROM reporting.dim_run r WHERE r.run_id = c.run_id)'), 0);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_scenario_events e WHERE e.run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reporting.dim_run r WHERE r.run_id = e.run_id)'), 0);
      assert.equal(await left('dim_scenario'), demo().scenarios.length);
      assert.equal((await dbs.reporting.query<{ v: string }>("SELECT value AS v FROM reporting.settings WHERE name = 'retained_from'"))[0].v.slice(0, 10), '2026-11-01');
    });

    it('the daily aggregates are the sums of the rows pruned', async () => {
      const e = expected();
      const runs = await dbs.reporting.query<{ k: string; runs: number; ms: number; timed: number }>(
        "SELECT to_char(day, 'YYYY-MM-DD') || '|' || scenario_id || '|' || run_status AS k, sum(runs) AS runs, sum(duration_seconds_sum) * 1000 AS ms, sum(duration_count) AS timed FROM reporting.agg_daily_runs GROUP BY 1",
      );
      assert.deepEqual(new Map(runs.map((r) => [r.k, { runs: r.runs, ms: Math.round(r.ms), timed: r.timed }])), e.runs);
      const calcs = await dbs.reporting.query<{ k: string; n: number }>("SELECT to_char(day, 'YYYY-MM-DD') || '|' || node_id || '|' || calc_status AS k, calcs AS n FROM reporting.agg_daily_calcs");
      assert.deepEqual(new Map(calcs.map((c) => [c.k, c.n])), e.calcs);
      assert.deepEqual(new Set((await dbs.reporting.query<{ t: string }>('SELECT DISTINCT node_type AS t FROM reporting.agg_daily_calcs')).map((r) => r.t)), e.nodeTypes);
      const activity = await dbs.reporting.query<{ fact: string; n: number }>('SELECT fact, sum(rows) AS n FROM reporting.agg_daily_activity GROUP BY 1 ORDER BY 1');
      assert.deepEqual(activity, [
        { fact: 'fact_input_changes', n: e.savesPruned },
        { fact: 'fact_scenario_events', n: eventsPruned },
        { fact: 'fact_scenario_state_change', n: 2 },
        { fact: 'fact_user_action', n: 1 },
      ]);
      assert.deepEqual(
        await dbs.reporting.query("SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, rows FROM reporting.agg_daily_activity WHERE fact = 'fact_scenario_state_change' ORDER BY 1"),
        [
          { day: '2026-10-20', kind: 'scenario:draft', rows: 1 },
          { day: '2026-11-01', kind: 'run:failed', rows: 1 },
        ],
      );
      assert.deepEqual(await dbs.reporting.query("SELECT to_char(day, 'YYYY-MM-DD') AS day, log_level, error_category, records, with_run FROM reporting.agg_daily_logs ORDER BY 1"), [
        { day: '2026-10-25', log_level: 'ERROR', error_category: 'calculation', records: 1, with_run: 0 },
        { day: '2026-10-31', log_level: 'INFO', error_category: null, records: 1, with_run: 0 },
        { day: '2026-11-02', log_level: 'ERROR', error_category: 'calculation', records: 1, with_run: 1 },
      ]);
      afterFirst = await retainedContent(dbs.reporting);
    });

    it("the Overview's long trends over a range crossing the cutoff are the same after the prune", async () => {
      // The figures did reach before the cutoff (else this would prove nothing), and dim_run no longer does.
      const perDay = (trendsBefore as { all: { perDay: Array<{ day: string; total: number }> } }).all.perDay;
      assert.ok(perDay.some((d) => d.day < '2026-11-01' && d.total > 0) && perDay.some((d) => d.day >= '2026-11-01' && d.total > 0));
      assert.equal(await count(dbs.reporting, "SELECT count(*) AS n FROM reporting.dim_run WHERE run_at < '2026-11-01'"), 0);
      assert.deepEqual(await trends(dbs.reporting, crossing), trendsBefore);
    });

    it('snapshots of the runs kept are unchanged (saves in force at the cutoff stay)', async () => {
      assert.ok(keptRuns.length > 0);
      const rep = new Analyses(dbs.reporting, 'reporting');
      for (const id of keptRuns) assert.deepEqual(await rep.snapshot(id), snapshotsBefore.get(id), id);
    });

    it('etl --verify still matches production over the retained window', async () => {
      const v = await verifyReporting({ source: dbs.prod, reporting: dbs.reporting });
      assert.equal(v.retained_from, CUTOFF);
      assert.ok(v.ok, JSON.stringify(v.tables.filter((t) => !t.match)));
      assert.equal(v.tables.find((t) => t.reporting_table === 'dim_run')!.reporting_rows, expected().runsKept);
    });

    it(partitioned ? 'dropped the old months as whole partitions (saves: only months left empty)' : 'plain layout: no partition anywhere', async () => {
      const parts = await dbs.reporting.query<{ part: string }>(
        `SELECT c.relname AS part FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
          JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'reporting' AND c.relkind = 'r' ORDER BY 1`,
      );
      if (partitioned) {
        assert.deepEqual(parts.map((p) => p.part), ['fact_cloudwatch_log_p2026_11', 'fact_input_changes_p2026_10', 'fact_input_changes_p2026_11', 'fact_node_calculations_p2026_11', 'fact_scenario_events_p2026_11']);
      } else {
        assert.deepEqual(parts, []);
      }
    });

    it('idempotent: a second prune moves nothing; a full reload with --retain-days keeps the window without counting anything twice', async () => {
      const again = await retain(dbs.reporting, partitioned, { days: 30, every: 'run', now: NOW });
      const { cutoff, partitions_dropped, ...moved } = again.pruned!;
      assert.equal(cutoff, CUTOFF);
      assert.deepEqual(partitions_dropped, []);
      assert.ok(Object.values(moved).every((n) => n === 0), JSON.stringify(moved));
      assert.equal(await retainedContent(dbs.reporting), afterFirst);
      const diagnosticsKept = await windowDiagnostics(dbs.reporting);
      // Derived over the whole history (a kept run's last success may be a pruned one), with the log evidence of theirs.
      assert.equal(await count(dbs.reporting, `SELECT count(*) AS n FROM reporting.fact_run_diagnostic WHERE run_id = '${second.keptRun}' AND log_errors = 1`), 1);
      // The full refresh reads production's whole history again: what it brings back before the cutoff goes, uncounted.
      const r = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', retainDays: 30, now: () => NOW });
      assert.ok((r.reloaded_removed ?? 0) >= expected().calcsPruned, `reloaded rows removed: ${r.reloaded_removed}`);
      assert.ok(Object.entries(r.pruned!).every(([k, n]) => k === 'cutoff' || (Array.isArray(n) ? n.length === 0 : n === 0)), JSON.stringify(r.pruned));
      assert.equal(await retainedContent(dbs.reporting), afterFirst);
      assert.equal(await windowDiagnostics(dbs.reporting), diagnosticsKept);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.dim_run'), expected().runsKept);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.fact_node_calculations'), expected().calcsKept);
      assert.deepEqual(await trends(dbs.reporting, crossing), trendsBefore);
      assert.ok((await verifyReporting({ source: dbs.prod, reporting: dbs.reporting })).ok);
      // An incremental run keeps the window too (nothing older comes back).
      await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
      assert.equal(await count(dbs.reporting, "SELECT count(*) AS n FROM reporting.fact_scenario_events WHERE event_timestamp < '2026-11-01'"), 0);
      assert.equal(await retainedContent(dbs.reporting), afterFirst);
      assert.equal(await windowDiagnostics(dbs.reporting), diagnosticsKept);
    });

    it("monthly (serve's): not again within the month; the next month's prune moves the rest and the trends still hold", async () => {
      const same = await retain(dbs.reporting, partitioned, { days: 30, every: 'month', now: Date.parse('2026-12-20T00:00:00Z') });
      assert.equal(same.pruned, undefined);
      assert.equal(same.retainedFrom, CUTOFF);
      const next = await retain(dbs.reporting, partitioned, { days: 30, every: 'month', now: Date.parse('2027-01-02T05:00:00Z') });
      assert.equal(next.pruned!.cutoff, '2026-12-03T00:00:00.000Z');
      assert.equal(next.pruned!.dim_run, expected().runsKept);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.dim_run'), 0);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.archive_dim_run'), demo().runs.length);
      assert.equal(await count(dbs.reporting, 'SELECT count(*) AS n FROM reporting.archive_fact_run_diagnostic'), demo().runs.length);
      assert.deepEqual(await archivedDiagnostic(dbs.reporting, second.oldRun), oldRunDiagnostic(second.oldRun));
      assert.equal(await count(dbs.reporting, 'SELECT sum(calcs) AS n FROM reporting.agg_daily_calcs'), demo().nodeCalcs.length);
      assert.deepEqual(await trends(dbs.reporting, crossing), trendsBefore);
    });
  });
}
