/**
 * The Overview (fleet KPIs, runs per day, failing scenarios, error signatures, failed
 * nodes, node processing time, a scenario's duration trend) and user journeys, over the
 * reporting star schema. Each figure is one set-based named query in
 * `sql/queries/reporting/overview_*.sql` with the same filter parameters:
 * $1 from, $2 to ([from, to) on run_at, UTC), $3 model id, $4 disease area, $5 scenario
 * status, $6 node type, $7 fail_reason ILIKE pattern.
 */
import { actionsPerDay, scenariosTouched, sessionize, summarizeJourney, type JourneyAction } from '../core/journey';
import {
  addDays,
  dayOf,
  dayStartIso,
  errorPattern,
  isDay,
  previousRange,
  resolveRange,
  type Day,
  type OverviewFilter,
  type ResolvedRange,
} from '../core/overviewFilter';
import {
  OVERVIEW_LIMITS,
  DEFAULT_JOURNEY_DAYS,
  JOURNEY_LIMIT,
  type OverviewQuery,
  type KpiFigures,
  type KpiComparison,
  type DayRuns,
  type FailingScenario,
  type SignatureRow,
  type CategoryRow,
  type FailedNodeRow,
  type NodeTypeTiming,
  type FailedCalcPoint,
  type OverviewRun,
  type TrendPoint,
  type DurationTrend,
  type RunsDrill,
  type FilterChoice,
  type FilterOptions,
  type OverviewData,
  type UserRow,
  type UserJourney,
} from '../core/overviewData';
import { FINISHED_RUN_STATUSES } from '../core/runRules';
import { isoToPgTimestamp } from '../core/time';
import type { Iso, Uuid } from '../core/types';
import { NotFoundError } from '../core/errors';
import type { Db } from '../db/db';
import { sqlText } from '../db/sqlFiles';

const q = (name: string): string => sqlText(`queries/reporting/${name}`);

// ---------------------------------------------------------------------------------------------

function todayUtc(): Day {
  return new Date().toISOString().slice(0, 10);
}

/** The filter as a query, with the range resolved against the data's last day. */
export function toQuery(filter: OverviewFilter, lastRunAt: Iso | null, today: Day = todayUtc()): OverviewQuery {
  return {
    range: resolveRange(filter.range, lastRunAt ? dayOf(lastRunAt) : null, today),
    modelId: filter.modelId,
    diseaseArea: filter.diseaseArea,
    scenarioStatus: filter.scenarioStatus,
    nodeType: filter.nodeType,
    errorText: filter.errorText.trim() || null,
  };
}

function params(query: OverviewQuery, range: ResolvedRange = query.range): unknown[] {
  return [
    isoToPgTimestamp(dayStartIso(range.from)),
    isoToPgTimestamp(dayStartIso(range.to)),
    query.modelId,
    query.diseaseArea,
    query.scenarioStatus,
    query.nodeType,
    errorPattern(query.errorText),
  ];
}

function clampLimit(n: number, max: number): number {
  return Math.min(Math.max(1, Math.floor(Number.isFinite(n) ? n : max)), max);
}

interface KpiRow {
  scenarios: number;
  runs: number;
  succeeded: number;
  failed: number;
  timeouts: number;
  finished: number;
  avg_duration_ms: number | null;
}

export async function kpis(db: Db, query: OverviewQuery, range: ResolvedRange = query.range): Promise<KpiFigures> {
  const [r] = await db.query<KpiRow>(q('overview_kpis'), params(query, range));
  const row = r ?? { scenarios: 0, runs: 0, succeeded: 0, failed: 0, timeouts: 0, finished: 0, avg_duration_ms: null };
  return {
    scenarios: row.scenarios,
    runs: row.runs,
    succeeded: row.succeeded,
    failed: row.failed,
    timeouts: row.timeouts,
    failures: row.failed + row.timeouts,
    finished: row.finished,
    success_rate: row.finished > 0 ? row.succeeded / row.finished : null,
    avg_duration_ms: row.avg_duration_ms === null ? null : Number(row.avg_duration_ms),
  };
}

/** The KPIs of the range and of the previous period of equal length. */
export async function kpiComparison(db: Db, query: OverviewQuery): Promise<KpiComparison> {
  const prev = previousRange(query.range);
  const [current, previous] = await Promise.all([kpis(db, query), kpis(db, query, prev)]);
  return { range: query.range, previousRange: prev, current, previous };
}

/** Runs per UTC day and status, one entry for every day of the range. */
export async function runsPerDay(db: Db, query: OverviewQuery): Promise<DayRuns[]> {
  const rows = await db.query<{ day: Day; status: string; runs: number }>(q('overview_runs_per_day'), params(query));
  const byDay = new Map<Day, DayRuns>();
  for (let d = query.range.from; d < query.range.to; d = addDays(d, 1)) byDay.set(d, { day: d, success: 0, failed: 0, timeout: 0, other: 0, total: 0 });
  for (const r of rows) {
    let e = byDay.get(r.day);
    if (!e) byDay.set(r.day, (e = { day: r.day, success: 0, failed: 0, timeout: 0, other: 0, total: 0 }));
    const finished = FINISHED_RUN_STATUSES.find((s) => s === r.status);
    if (finished) e[finished] += r.runs;
    else e.other += r.runs;
    e.total += r.runs;
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

export function topFailingScenarios(db: Db, query: OverviewQuery, limit = OVERVIEW_LIMITS.topFailing): Promise<FailingScenario[]> {
  return db.query<FailingScenario>(q('overview_top_failing'), [...params(query), clampLimit(limit, 1000)]);
}

export async function errorSignatures(db: Db, query: OverviewQuery, limit = OVERVIEW_LIMITS.signatures): Promise<SignatureRow[]> {
  const rows = await db.query<SignatureRow>(q('overview_signatures'), [...params(query), clampLimit(limit, 1000)]);
  return rows.map((r) => ({ ...r, model_names: [...(r.model_names ?? [])].sort() }));
}

export async function failureCategories(db: Db, query: OverviewQuery): Promise<CategoryRow[]> {
  const rows = await db.query<{ category: string; day: Day; failures: number }>(q('overview_categories'), params(query));
  const days: Day[] = [];
  for (let d = query.range.from; d < query.range.to; d = addDays(d, 1)) days.push(d);
  const index = new Map(days.map((d, i) => [d, i]));
  const byCategory = new Map<string, CategoryRow>();
  for (const r of rows) {
    let c = byCategory.get(r.category);
    if (!c) byCategory.set(r.category, (c = { category: r.category, failures: 0, perDay: days.map(() => 0) }));
    const n = Number(r.failures);
    c.failures += n;
    const i = index.get(r.day);
    if (i !== undefined) c.perDay[i] += n;
  }
  return [...byCategory.values()].sort((a, b) => b.failures - a.failures || (a.category < b.category ? -1 : 1));
}

export function failedNodes(db: Db, query: OverviewQuery, limit = OVERVIEW_LIMITS.failedNodes): Promise<FailedNodeRow[]> {
  return db.query<FailedNodeRow>(q('overview_failed_nodes'), [...params(query), clampLimit(limit, 1000)]);
}

export async function nodeTiming(db: Db, query: OverviewQuery): Promise<NodeTypeTiming[]> {
  const rows = await db.query<Omit<NodeTypeTiming, 'p25_s' | 'p50_s' | 'p75_s' | 'p95_s'> & { quantiles_s: Array<number | null> | null }>(q('overview_node_timing'), params(query));
  return rows.map(({ quantiles_s, ...r }) => {
    const [p25_s = null, p50_s = null, p75_s = null, p95_s = null] = quantiles_s ?? [];
    return { ...r, p25_s, p50_s, p75_s, p95_s };
  });
}

export function failedCalcs(db: Db, query: OverviewQuery, limit = OVERVIEW_LIMITS.failedCalcs): Promise<FailedCalcPoint[]> {
  return db.query<FailedCalcPoint>(q('overview_failed_calcs'), [...params(query), clampLimit(limit, 5000)]);
}

/** The runs behind a figure (what was clicked, within the filter), newest first. */
export function overviewRuns(db: Db, query: OverviewQuery, drill: RunsDrill = {}, limit = OVERVIEW_LIMITS.runs): Promise<OverviewRun[]> {
  const range = drill.day && isDay(drill.day) ? { from: drill.day, to: addDays(drill.day, 1), days: 1 } : query.range;
  return db.query<OverviewRun>(q('overview_runs'), [
    ...params(query, range),
    drill.statuses?.length ? drill.statuses : null,
    drill.signature ?? null,
    drill.nodeId ?? null,
    drill.scenarioId ?? null,
    clampLimit(limit, 5000),
  ]);
}

/** The runs of one scenario in the range with their durations; null for an unknown scenario. */
export async function durationTrend(db: Db, query: OverviewQuery, scenarioId: Uuid, limit = OVERVIEW_LIMITS.trend): Promise<DurationTrend | null> {
  const n = clampLimit(limit, 10_000);
  const rows = await db.query<TrendPoint & { scenario_id: Uuid; scenario_name: string; model_name: string; run_id: Uuid | null }>(q('overview_duration_trend'), [
    ...params(query).slice(0, 2),
    scenarioId,
    n + 1,
  ]);
  const first = rows[0];
  if (!first) return null;
  const points = rows.filter((r) => r.run_id !== null).map(({ run_id, run_status, run_at, run_complete_at, duration_ms, run_by, fail_reason }) => ({ run_id: run_id as Uuid, run_status, run_at, run_complete_at, duration_ms, run_by, fail_reason }));
  return {
    scenario_id: first.scenario_id,
    scenario_name: first.scenario_name,
    model_name: first.model_name,
    range: query.range,
    points: points.slice(0, n),
    truncated: points.length > n,
  };
}

export async function filterOptions(db: Db): Promise<FilterOptions> {
  const [rows, bounds] = await Promise.all([
    db.query<FilterChoice & { kind: string }>(q('overview_options')),
    db.query<{ first_run_at: Iso | null; last_run_at: Iso | null }>(q('overview_bounds')),
  ]);
  const of = (kind: string): FilterChoice[] => rows.filter((r) => r.kind === kind && r.value !== null).map(({ value, label, detail, n }) => ({ value, label, detail, n }));
  return {
    models: of('model'),
    diseaseAreas: of('disease_area'),
    statuses: of('status'),
    nodeTypes: of('node_type'),
    firstRunAt: bounds[0]?.first_run_at ?? null,
    lastRunAt: bounds[0]?.last_run_at ?? null,
  };
}

/** Everything the Overview shows for a filter (the filter options are read by the caller). */
export async function loadOverview(db: Db, filter: OverviewFilter, options: Pick<FilterOptions, 'lastRunAt'>, today?: Day): Promise<OverviewData> {
  const query = toQuery(filter, options.lastRunAt, today);
  const [k, perDay, top, sigs, cats, nodes, timing, calcs] = await Promise.all([
    kpiComparison(db, query),
    runsPerDay(db, query),
    topFailingScenarios(db, query),
    errorSignatures(db, query),
    failureCategories(db, query),
    failedNodes(db, query),
    nodeTiming(db, query),
    failedCalcs(db, query),
  ]);
  const trend = top[0] ? await durationTrend(db, query, top[0].scenario_id) : null;
  return { query, kpis: k, runsPerDay: perDay, topFailing: top, signatures: sigs, categories: cats, failedNodes: nodes, nodeTiming: timing, failedCalcs: calcs, trend, limits: OVERVIEW_LIMITS };
}

// ---------------------------------------------------------------------------------------------
// User journeys

/** Users, most recently active first; `search` matches ids case-insensitively. */
export function listUsers(db: Db, search?: string, limit = 200): Promise<UserRow[]> {
  return db.query<UserRow>(q('users'), [errorPattern(search ?? null), clampLimit(limit, 5000), null]);
}

export async function userInfo(db: Db, user: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(q('users'), [null, 1, user]);
  return rows[0] ?? null;
}

/** A user's actions in [from, to), the latest `limit` of them, in time order. */
export async function userActions(db: Db, user: string, range: ResolvedRange, limit = JOURNEY_LIMIT): Promise<{ actions: JourneyAction[]; truncated: boolean }> {
  const n = clampLimit(limit, 50_000);
  const rows = await db.query<JourneyAction>(q('user_events'), [user, isoToPgTimestamp(dayStartIso(range.from)), isoToPgTimestamp(dayStartIso(range.to)), n + 1]);
  const truncated = rows.length > n;
  return { actions: rows.slice(0, n).reverse(), truncated };
}

/**
 * The journey of `user` over the last `days` days of their activity (ending on the day
 * they were last seen). Throws a UserError for a user the reporting schema does not know.
 */
export async function userJourney(db: Db, user: string, days = DEFAULT_JOURNEY_DAYS, limit = JOURNEY_LIMIT, today: Day = todayUtc()): Promise<UserJourney> {
  const info = await userInfo(db, user);
  if (!info) throw new NotFoundError(`unknown user '${user.length > 60 ? `${user.slice(0, 60)}…` : user}'`, `no activity in the reporting schema on ${db.label}`);
  const range = resolveRange({ kind: 'last', days: clampLimit(days, 3660) }, info.last_seen_at ? dayOf(info.last_seen_at) : null, today);
  const { actions, truncated } = await userActions(db, info.user_id, range, limit);
  const sessions = sessionize(actions);
  return {
    user: info,
    range,
    sessions,
    perDay: actionsPerDay(sessions),
    scenarios: scenariosTouched(sessions),
    summary: summarizeJourney(sessions),
    truncated,
    limit: clampLimit(limit, 50_000),
  };
}
