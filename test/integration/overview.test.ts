/**
 * The Overview and user journeys against the demo's reporting schema, checked against
 * figures computed here independently from the generated rows (demo()), in TypeScript,
 * not with the queries under test.
 */
import assert from 'node:assert/strict';
import { DEFAULT_FILTER, addDays, sanitizeFilter, type OverviewFilter, type ResolvedRange } from '../../src/core/overviewFilter';
import { failSignature } from '../../src/core/signatures';
import type { Db } from '../../src/db/db';
import { calcsByRun, type FcScenarioNodeCalcRow, type FcScenarioRunRow } from '../../src/demo/rows';
import { durationTrend, errorSignatures, failedNodes, failureCategories, filterOptions, kpiComparison, listUsers, loadOverview, nodeTiming, overviewRuns, runsPerDay, toQuery, topFailingScenarios, userJourney } from '../../src/engine/overview';
import type { FilterOptions, OverviewQuery } from '../../src/core/overviewData';
import { sqlText } from '../../src/db/sqlFiles';
import { runEtl } from '../../src/etl/etl';
import { demo, seededDbs, type TestDbs } from './setup';
import { suiteDbs } from './suite';

const FINISHED = new Set(['success', 'failed', 'timeout']);
const FAILED = new Set(['failed', 'timeout']);
const day = (iso: string): string => iso.slice(0, 10);
const inRange = (iso: string, r: ResolvedRange): boolean => day(iso) >= r.from && day(iso) < r.to;
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Everything about the demo the checks need, from the generated rows only. */
function demoIndex() {
  const d = demo();
  const model = new Map(d.models.map((m) => [m.id, m]));
  const scenario = new Map(d.scenarios.map((s) => [s.id, s]));
  const node = new Map(d.nodes.map((n) => [n.id, n]));
  const runById = new Map(d.runs.map((r) => [r.id, r]));
  return { d, model, scenario, node, runById, calcsByRun: calcsByRun(d.nodeCalcs) };
}

type Index = ReturnType<typeof demoIndex>;

/** The run filter, written out: scenario fields, then error text and node type (failed calcs). */
function runMatches(ix: Index, r: FcScenarioRunRow, f: OverviewFilter, range: ResolvedRange): boolean {
  if (!inRange(r.run_at, range)) return false;
  const s = ix.scenario.get(r.scenario_id)!;
  if (f.modelId && s.model_id !== f.modelId) return false;
  if (f.diseaseArea && ix.model.get(s.model_id)!.disease_area !== f.diseaseArea) return false;
  if (f.scenarioStatus && s.status !== f.scenarioStatus) return false;
  if (f.errorText.trim() && !(r.fail_reason ?? '').toLowerCase().includes(f.errorText.trim().toLowerCase())) return false;
  if (f.nodeType && !(ix.calcsByRun.get(r.id) ?? []).some((c) => c.status === 'failed' && ix.node.get(c.model_node_id)!.node_type === f.nodeType)) return false;
  return true;
}

function expectedKpis(ix: Index, f: OverviewFilter, range: ResolvedRange) {
  const runs = ix.d.runs.filter((r) => runMatches(ix, r, f, range));
  const finished = runs.filter((r) => FINISHED.has(r.run_status));
  const durations = finished.filter((r) => r.run_complete_at).map((r) => Date.parse(r.run_complete_at!) - Date.parse(r.run_at));
  const succeeded = runs.filter((r) => r.run_status === 'success').length;
  return {
    scenarios: new Set(runs.map((r) => r.scenario_id)).size,
    runs: runs.length,
    succeeded,
    failed: runs.filter((r) => r.run_status === 'failed').length,
    timeouts: runs.filter((r) => r.run_status === 'timeout').length,
    failures: runs.filter((r) => FAILED.has(r.run_status)).length,
    finished: finished.length,
    success_rate: finished.length ? succeeded / finished.length : null,
    avg_duration_ms: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
  };
}

function assertKpis(actual: Record<string, unknown>, expected: Record<string, number | null>, what: string): void {
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k] as number | null;
    if (v === null || a === null) assert.equal(a, v, `${what}: ${k}`);
    else assert.ok(Math.abs(a - v) <= 1e-6 * Math.max(1, Math.abs(v)), `${what}: ${k} ${a} vs ${v}`);
  }
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const x = p * (sorted.length - 1);
  const lo = Math.floor(x);
  const hi = Math.ceil(x);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (x - lo);
}

describe('overview: fleet figures on the demo reporting schema', function () {
  let dbs: TestDbs;
  let db: Db;
  let ix: Index;
  let options: FilterOptions;
  let q: OverviewQuery;
  const queryOf = (f: OverviewFilter): OverviewQuery => toQuery(f, options.lastRunAt, '2030-01-01');

  before(async () => {
    dbs = await seededDbs();
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    db = dbs.reporting;
    ix = demoIndex();
    options = await filterOptions(db);
    q = queryOf(DEFAULT_FILTER);
  });
  after(() => dbs?.close());

  it('anchors the default range on the last day with runs; the filter lists are what the data has', () => {
    const last = ix.d.runs.map((r) => r.run_at).sort(cmp).at(-1)!;
    assert.equal(options.lastRunAt, last);
    assert.deepEqual(q.range, { from: addDays(day(last), -13), to: addDays(day(last), 1), days: 14 });
    const used = new Set(ix.d.scenarios.map((s) => s.model_id));
    assert.deepEqual(options.models.map((m) => m.value).sort(), [...used].sort());
    for (const m of options.models) assert.equal(m.n, ix.d.scenarios.filter((s) => s.model_id === m.value).length, m.label);
    assert.deepEqual(options.statuses.map((s) => s.value).sort(), [...new Set(ix.d.scenarios.map((s) => s.status))].sort());
    assert.deepEqual(options.nodeTypes.map((s) => s.value).sort(), [...new Set(ix.d.nodes.map((n) => n.node_type))].sort());
    const areas = new Set(ix.d.scenarios.map((s) => ix.model.get(s.model_id)!.disease_area).filter((a): a is string => !!a));
    assert.deepEqual(options.diseaseAreas.map((a) => a.value).sort(), [...areas].sort());
  });

  it('KPIs: scenarios, runs, success rate, average duration and failures, and the previous period of equal length', async () => {
    for (const days of [14, 7, 30, 1]) {
      const f = sanitizeFilter({ ...DEFAULT_FILTER, range: { kind: 'last', days } });
      const k = await kpiComparison(db, queryOf(f));
      assert.equal(k.previousRange.days, days);
      assert.equal(k.previousRange.to, k.range.from);
      assertKpis(k.current as never, expectedKpis(ix, f, k.range), `${days} days`);
      assertKpis(k.previous as never, expectedKpis(ix, f, k.previousRange), `${days} days, previous`);
    }
    const k = await kpiComparison(db, q);
    assert.ok(k.current.failures > 0 && k.current.succeeded > 0 && k.previous.runs > 0, 'the demo has failures and a previous period');
  });

  it('runs per day by status: every day of the range, matching the generated runs', async () => {
    const f = sanitizeFilter({ ...DEFAULT_FILTER, range: { kind: 'last', days: 30 } });
    const query = queryOf(f);
    const got = await runsPerDay(db, query);
    assert.equal(got.length, 30);
    assert.equal(got[0]!.day, query.range.from);
    for (const d of got) {
      const runs = ix.d.runs.filter((r) => day(r.run_at) === d.day);
      const n = (s: string) => runs.filter((r) => r.run_status === s).length;
      assert.deepEqual(d, { day: d.day, success: n('success'), failed: n('failed'), timeout: n('timeout'), other: n('queued') + n('running'), total: runs.length }, d.day);
    }
  });

  it('error signatures: failSignature counted over failed / timed-out runs with a reason, with scenarios, models, first / last seen', async () => {
    const f = sanitizeFilter({ ...DEFAULT_FILTER, range: { kind: 'last', days: 30 } });
    const query = queryOf(f);
    const got = await errorSignatures(db, query);
    const groups = new Map<string, FcScenarioRunRow[]>();
    for (const r of ix.d.runs) {
      if (!FAILED.has(r.run_status) || !r.fail_reason || !r.fail_reason.trim() || !inRange(r.run_at, query.range)) continue;
      const sig = failSignature(r.fail_reason);
      groups.set(sig, [...(groups.get(sig) ?? []), r]);
    }
    assert.ok(groups.size > 3);
    assert.equal(got.length, groups.size);
    const at = (r: FcScenarioRunRow) => r.run_complete_at ?? r.run_at;
    for (const g of got) {
      const rows = groups.get(g.signature);
      assert.ok(rows, `unexpected signature ${g.signature}`);
      assert.equal(g.count, rows.length, g.signature);
      assert.equal(g.scenarios, new Set(rows.map((r) => r.scenario_id)).size);
      const models = [...new Set(rows.map((r) => ix.model.get(ix.scenario.get(r.scenario_id)!.model_id)!.model_display_name))].sort();
      assert.deepEqual(g.model_names, models);
      assert.equal(g.models, models.length);
      assert.equal(g.first_seen, rows.map(at).sort(cmp)[0]);
      assert.equal(g.last_seen, rows.map(at).sort(cmp).at(-1));
    }
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.count >= got[i]!.count, 'most frequent first');
    // The story "same validation error across a model" is one signature over its scenarios.
    const story = ix.d.stories.byId['same-validation-error-across-model'];
    const storyRun = ix.runById.get(story.failed_run_id)!;
    if (inRange(storyRun.run_at, query.range)) {
      const sig = got.find((g) => g.signature === failSignature(storyRun.fail_reason!))!;
      assert.ok(sig.scenarios >= story.related_scenario_ids.length);
    }
  });

  it('failures by category: every failed / timed-out run counted once, on its day, stories in their category', async () => {
    const f = sanitizeFilter({ ...DEFAULT_FILTER, range: { kind: 'last', days: 90 } });
    const query = queryOf(f);
    const got = await failureCategories(db, query);
    const failed = ix.d.runs.filter((r) => FAILED.has(r.run_status) && inRange(r.run_at, query.range));
    assert.ok(failed.length > 10);
    assert.equal(got.reduce((n, c) => n + c.failures, 0), failed.length);
    const days: string[] = [];
    for (let d = query.range.from; d < query.range.to; d = addDays(d, 1)) days.push(d);
    for (const c of got) {
      assert.equal(c.perDay.length, days.length);
      assert.equal(c.perDay.reduce((a, b) => a + b, 0), c.failures, c.category);
    }
    days.forEach((d, i) => assert.equal(got.reduce((n, c) => n + c.perDay[i], 0), failed.filter((r) => day(r.run_at) === d).length, d));
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1].failures >= got[i].failures, 'most first');
    // The stories' failed runs, by hand: division by zero is a calculation, the timeout a timeout.
    for (const [id, cat] of [
      ['division-by-zero', 'calculation'],
      ['timeout-after-input-growth', 'timeout'],
      ['growth-rate-invalid', 'validation'],
    ] as const) {
      const r = ix.runById.get(ix.d.stories.byId[id].failed_run_id)!;
      if (!inRange(r.run_at, query.range)) continue;
      const c = got.find((x) => x.category === cat);
      assert.ok(c && c.perDay[days.indexOf(day(r.run_at))] >= 1, `${id} → ${cat}`);
    }
    const sigs = await errorSignatures(db, query);
    const zero = sigs.find((g) => g.example.startsWith('ZeroDivisionError'));
    assert.equal(zero?.category, 'calculation');
  });

  it('top failing scenarios: failures per scenario, most first, with the latest failed run', async () => {
    const got = await topFailingScenarios(db, q, 1000);
    const by = new Map<string, FcScenarioRunRow[]>();
    for (const r of ix.d.runs) if (inRange(r.run_at, q.range)) by.set(r.scenario_id, [...(by.get(r.scenario_id) ?? []), r]);
    const expected = [...by.entries()].filter(([, rs]) => rs.some((r) => FAILED.has(r.run_status)));
    assert.equal(got.length, expected.length);
    for (const g of got) {
      const rs = by.get(g.scenario_id)!;
      const failed = rs.filter((r) => FAILED.has(r.run_status)).sort((a, b) => cmp(b.run_at, a.run_at) || cmp(b.id, a.id));
      assert.equal(g.failures, failed.length, g.scenario_name);
      assert.equal(g.runs, rs.length);
      assert.equal(g.last_failed_run_id, failed[0]!.id);
      assert.equal(g.last_fail_reason, failed[0]!.fail_reason);
      assert.equal(g.scenario_name, ix.scenario.get(g.scenario_id)!.scenario_display_name);
    }
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.failures >= got[i]!.failures);
    // One day: the table a day bar narrows to.
    const busy = (await runsPerDay(db, q)).filter((d) => d.failed + d.timeout > 0)[0]!;
    const oneDay = await topFailingScenarios(db, { ...q, range: { from: busy.day, to: addDays(busy.day, 1), days: 1 } });
    assert.equal(oneDay.reduce((n, s) => n + s.failures, 0), busy.failed + busy.timeout);
  });

  it('failed nodes by frequency and processing time by node type', async () => {
    const f = sanitizeFilter({ ...DEFAULT_FILTER, range: { kind: 'last', days: 30 } });
    const query = queryOf(f);
    const calcs = ix.d.nodeCalcs.filter((c) => inRange(ix.runById.get(c.run_id)!.run_at, query.range));
    const failedByNode = new Map<string, FcScenarioNodeCalcRow[]>();
    for (const c of calcs) if (c.status === 'failed') failedByNode.set(c.model_node_id, [...(failedByNode.get(c.model_node_id) ?? []), c]);
    const got = await failedNodes(db, query, 1000);
    assert.equal(got.length, failedByNode.size);
    for (const n of got) {
      const cs = failedByNode.get(n.node_id)!;
      assert.equal(n.failures, cs.length, n.node_name);
      assert.equal(n.runs, new Set(cs.map((c) => c.run_id)).size);
      assert.equal(n.node_name, ix.node.get(n.node_id)!.node_display_name);
      assert.equal(n.node_type, ix.node.get(n.node_id)!.node_type);
    }
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.failures >= got[i]!.failures);

    const timing = await nodeTiming(db, query);
    for (const t of timing) {
      const cs = calcs.filter((c) => ix.node.get(c.model_node_id)!.node_type === t.node_type);
      assert.equal(t.calcs, cs.length, t.node_type);
      assert.equal(t.failed, cs.filter((c) => c.status === 'failed').length);
      assert.equal(t.skipped, cs.filter((c) => c.status === 'skipped').length);
      const d = cs.map((c) => c.processing_duration).filter((x): x is number => x !== null).sort((a, b) => a - b);
      assert.equal(t.timed, d.length);
      assert.ok(Math.abs((t.p50_s ?? 0) - percentile(d, 0.5)!) < 1e-6, `${t.node_type} median`);
      assert.ok(Math.abs((t.p95_s ?? 0) - percentile(d, 0.95)!) < 1e-6, `${t.node_type} p95`);
      assert.equal(t.max_s, d.at(-1));
    }
    assert.equal(timing.reduce((n, t) => n + t.calcs, 0), calcs.length);
  });

  it('filters narrow: model, disease area, scenario status, node type, error text, and all at once', async () => {
    const nsclc = options.models.find((m) => m.label.startsWith('NSCLC'))!.value;
    const crohns = ix.d.models.find((m) => m.model_display_name.startsWith("Crohn's"))!;
    const cases: Array<Partial<OverviewFilter>> = [
      { modelId: nsclc },
      { diseaseArea: crohns.disease_area },
      { scenarioStatus: 'submitted' },
      { nodeType: 'input' },
      { nodeType: 'calculation' },
      { errorText: 'fx TABLE' },
      { errorText: "'region_code'" },
      { errorText: '100%_' },
      { modelId: crohns.id, errorText: 'region', nodeType: 'calculation', scenarioStatus: 'draft' },
    ];
    const all = (await kpiComparison(db, queryOf(sanitizeFilter({ ...DEFAULT_FILTER, range: { kind: 'last', days: 30 } })))).current;
    const found: string[] = [];
    for (const c of cases) {
      const f = sanitizeFilter({ ...DEFAULT_FILTER, range: { kind: 'last', days: 30 }, ...c });
      const query = queryOf(f);
      const k = await kpiComparison(db, query);
      assertKpis(k.current as never, expectedKpis(ix, f, k.range), JSON.stringify(c));
      assertKpis(k.previous as never, expectedKpis(ix, f, k.previousRange), `${JSON.stringify(c)} previous`);
      assert.ok(k.current.runs <= all.runs, `${JSON.stringify(c)} narrows`);
      if (k.current.runs > 0 && k.current.runs < all.runs) found.push(JSON.stringify(c));
      const days = await runsPerDay(db, query);
      assert.equal(days.reduce((n, d) => n + d.total, 0), k.current.runs, `${JSON.stringify(c)} days add up`);
      const sigs = await errorSignatures(db, query, 1000);
      const withReason = ix.d.runs.filter((r) => runMatches(ix, r, f, query.range) && FAILED.has(r.run_status) && r.fail_reason && r.fail_reason.trim());
      assert.equal(sigs.reduce((n, s) => n + s.count, 0), withReason.length, `${JSON.stringify(c)} signatures`);
      const runs = await overviewRuns(db, query, {}, 5000);
      assert.equal(runs.length, k.current.runs, `${JSON.stringify(c)} drill-down`);
      if (f.errorText || f.nodeType) assert.ok(runs.every((r) => r.run_status === 'failed' || r.run_status === 'timeout'), 'failure filters keep failed runs');
      if (f.nodeType) {
        const nodes = await failedNodes(db, query, 1000);
        assert.ok(nodes.every((n) => n.node_type === f.nodeType));
        const timing = await nodeTiming(db, query);
        assert.deepEqual(timing.map((t) => t.node_type), timing.length ? [f.nodeType] : []);
      }
    }
    // The checks compared something: all but the literal '100%_' and the combination find runs, and fewer than all.
    assert.ok(found.length >= cases.length - 2, `narrowing cases with runs: ${found.join(' ')}`);
    const none = await kpiComparison(db, queryOf(sanitizeFilter({ ...DEFAULT_FILTER, errorText: 'no such error text anywhere' })));
    assert.equal(none.current.runs, 0);
    assert.equal(none.current.success_rate, null);
    assert.equal(none.current.avg_duration_ms, null);
  });

  it('drill-downs: the runs behind a signature, a node, a status, a day, a scenario', async () => {
    const data = await loadOverview(db, DEFAULT_FILTER, options, '2030-01-01');
    const sig = data.signatures[0]!;
    const bySig = await overviewRuns(db, data.query, { signature: sig.signature });
    assert.equal(bySig.length, sig.count);
    assert.ok(bySig.every((r) => r.fail_reason && failSignature(r.fail_reason) === sig.signature));
    const node = data.failedNodes[0]!;
    const byNode = await overviewRuns(db, data.query, { nodeId: node.node_id });
    assert.equal(byNode.length, node.runs);
    const failed = await overviewRuns(db, data.query, { statuses: ['failed', 'timeout'] });
    assert.equal(failed.length, data.kpis.current.failures);
    const d = data.runsPerDay.find((x) => x.total > 0)!;
    assert.equal((await overviewRuns(db, data.query, { day: d.day })).length, d.total);
    const top = data.topFailing[0]!;
    const ofScenario = await overviewRuns(db, data.query, { scenarioId: top.scenario_id });
    assert.equal(ofScenario.length, top.runs);
    for (let i = 1; i < failed.length; i++) assert.ok(failed[i - 1]!.run_at >= failed[i]!.run_at, 'newest first');
  });

  it('the filter functions are inlined: no query plan has a Function Scan, each still reads dim_run or the calcs', async () => {
    const seven = ['2026-01-01 00:00:00', '2027-01-01 00:00:00', null, null, 'active', 'formula', '%error%'];
    const queries: Array<[string, unknown[]]> = [
      ['overview_kpis', seven],
      ['overview_categories', seven],
      ['overview_runs_per_day', seven],
      ['overview_node_timing', seven],
      ['overview_signatures', [...seven, 10]],
      ['overview_top_failing', [...seven, 10]],
      ['overview_failed_calcs', [...seven, 10]],
      ['overview_failed_nodes', [...seven, 10]],
      ['overview_runs', [...seven, ['failed'], null, null, null, 10]],
    ];
    for (const [name, params] of queries) {
      const sql = sqlText(`queries/reporting/${name}`);
      assert.match(sql, /FROM reporting\.overview_(runs|calcs)\(/, `${name} reads the filter function`);
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      assert.doesNotMatch(plan, /Function Scan/, `${name}:\n${plan}`);
      assert.match(plan, /dim_run|fact_node_calculations/, `${name} reads the tables themselves:\n${plan}`);
    }
  });

  it('the duration trend of a scenario lists its runs in the range in time order', async () => {
    const data = await loadOverview(db, DEFAULT_FILTER, options, '2030-01-01');
    assert.ok(data.trend);
    const sid = data.topFailing[0]!.scenario_id;
    assert.equal(data.trend.scenario_id, sid);
    const runs = ix.d.runs.filter((r) => r.scenario_id === sid && inRange(r.run_at, data.query.range)).sort((a, b) => cmp(a.run_at, b.run_at) || cmp(a.id, b.id));
    assert.deepEqual(
      data.trend.points.map((p) => [p.run_id, p.run_status, p.duration_ms]),
      runs.map((r) => [r.id, r.run_status, r.run_complete_at ? Date.parse(r.run_complete_at) - Date.parse(r.run_at) : null]),
    );
    const quiet = ix.d.scenarios.find((s) => !ix.d.runs.some((r) => r.scenario_id === s.id && inRange(r.run_at, data.query.range)))!;
    const t = await durationTrend(db, data.query, quiet.id);
    assert.equal(t?.scenario_name, quiet.scenario_display_name);
    assert.deepEqual(t?.points, []);
    assert.equal(await durationTrend(db, data.query, '00000000-0000-4000-8000-000000000000'), null);
  });
});

describe('user journeys on the demo reporting schema', function () {
  const dbs = suiteDbs({});
  let db: Db;
  before(() => {
    db = dbs.reporting;
  });

  /** A user's actions from the generated rows: lifecycle steps, input changes (hash differs from the previous save), runs started. */
  function expectedActions(user: string): Array<{ at: string; scenario: string; type: string }> {
    const d = demo();
    const out: Array<{ at: string; scenario: string; type: string }> = [];
    for (const s of d.scenarios) {
      for (const [type, at, by] of [
        ['SCENARIO_CREATED', s.created_at, s.created_by],
        ['SCENARIO_UPDATED', s.updated_at, s.updated_by],
        ['SCENARIO_SUBMITTED', s.submitted_at, s.submitted_by],
        ['SCENARIO_LOCKED', s.locked_at, s.locked_by],
      ] as const) {
        if (at && by === user) out.push({ at, scenario: s.id, type });
      }
    }
    const byNode = new Map<string, typeof d.nodeData>();
    for (const x of d.nodeData) {
      const k = `${x.scenario_id}|${x.model_node_id}`;
      byNode.set(k, [...(byNode.get(k) ?? []), x]);
    }
    const micros = (iso: string) => iso.replace('Z', '').padEnd(26, '0');
    for (const saves of byNode.values()) {
      saves.sort((a, b) => cmp(micros(a.created_at), micros(b.created_at)) || cmp(a.id, b.id));
      saves.forEach((x, i) => {
        const prev = saves[i - 1];
        const change = !prev || prev.input_hash !== x.input_hash;
        if (change && x.created_by === user) out.push({ at: x.created_at, scenario: x.scenario_id, type: 'INPUT_CHANGED' });
      });
    }
    for (const r of d.runs) if (r.run_by === user) out.push({ at: r.run_at, scenario: r.scenario_id, type: 'RUN_STARTED' });
    return out.sort((a, b) => cmp(micros(a.at), micros(b.at)));
  }

  /** The 30-minute rule, written out once more. */
  function expectedSessions(actions: Array<{ at: string; scenario: string }>): Array<{ start: string; end: string; n: number; scenarios: number }> {
    const out: Array<{ start: string; end: string; n: number; scenarios: Set<string> }> = [];
    let last = -Infinity;
    for (const a of actions) {
      const t = Date.parse(a.at);
      if (out.length === 0 || t - last >= 30 * 60_000) out.push({ start: a.at, end: a.at, n: 0, scenarios: new Set() });
      const cur = out[out.length - 1]!;
      cur.end = a.at;
      cur.n++;
      cur.scenarios.add(a.scenario);
      last = t;
    }
    return out.map((s) => ({ start: s.start, end: s.end, n: s.n, scenarios: s.scenarios.size }));
  }

  it('lists users, most recently active first', async () => {
    const users = await listUsers(db);
    const d = demo();
    const expected = new Set([...d.runs.map((r) => r.run_by), ...d.nodeData.map((x) => x.created_by), ...d.scenarios.map((s) => s.created_by)].filter((u): u is string => !!u));
    for (const u of expected) assert.ok(users.some((x) => x.user_id === u), u);
    for (let i = 1; i < users.length; i++) assert.ok((users[i - 1]!.last_seen_at ?? '') >= (users[i]!.last_seen_at ?? ''));
    assert.deepEqual((await listUsers(db, 'MUELL')).map((u) => u.user_id), ['k.mueller']);
  });

  it('sessions (30 minutes of inactivity end one), actions per day and scenarios touched match the generated rows', async () => {
    for (const user of ['k.mueller', 'g.silva', 'svc-forecast-scheduler', 'v.ivanova']) {
      for (const days of [30, 7]) {
        const j = await userJourney(db, user, days, 5000, '2030-01-01');
        assert.equal(j.range.days, days);
        assert.equal(j.range.to, addDays(day(j.user.last_seen_at!), 1));
        const actions = expectedActions(user).filter((a) => inRange(a.at, j.range));
        assert.ok(!j.truncated);
        assert.equal(j.summary.actions, actions.length, `${user} ${days}: actions`);
        const sessions = expectedSessions(actions);
        assert.deepEqual(
          j.sessions.map((s) => ({ start: s.start, end: s.end, n: s.actions.length, scenarios: s.scenario_ids.length })),
          sessions,
          `${user} ${days}: sessions`,
        );
        const perDay = new Map<string, number>();
        for (const a of actions) perDay.set(day(a.at), (perDay.get(day(a.at)) ?? 0) + 1);
        assert.deepEqual(
          j.perDay.map((d) => [d.day, d.actions]),
          [...perDay.entries()].sort(([a], [b]) => cmp(a, b)),
          `${user} ${days}: actions per day`,
        );
        const touched = new Map<string, number>();
        for (const a of actions) touched.set(a.scenario, (touched.get(a.scenario) ?? 0) + 1);
        assert.deepEqual(new Map(j.scenarios.map((s) => [s.scenario_id, s.actions])), touched, `${user} ${days}: scenarios touched`);
        assert.equal(j.summary.runs, actions.filter((a) => a.type === 'RUN_STARTED').length);
      }
    }
  });

  it('keeps the latest actions when there are more than the limit, and refuses an unknown user', async () => {
    const full = await userJourney(db, 'g.silva', 30, 5000, '2030-01-01');
    const cut = await userJourney(db, 'g.silva', 30, 50, '2030-01-01');
    assert.ok(cut.truncated);
    assert.equal(cut.summary.actions, 50);
    const all = full.sessions.flatMap((s) => s.actions.map((a) => a.event_key));
    assert.deepEqual(cut.sessions.flatMap((s) => s.actions.map((a) => a.event_key)), all.slice(-50));
    await assert.rejects(userJourney(db, 'nobody-at-all'), /unknown user 'nobody-at-all'/);
  });
});
