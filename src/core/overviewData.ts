/**
 * The shapes of the Overview's figures and of a user journey: what the engine returns,
 * the panels send and the webviews draw (plain JSON). The queries live in
 * src/engine/overview.ts.
 */
import type { DayActivity, JourneyAction, JourneySession, JourneySummary, ScenarioTouched } from './journey';
import type { Day, ResolvedRange } from './overviewFilter';
import type { Iso, RunStatus, RunSummary, Uuid } from './types';

/** The filter, resolved: a day range and the narrowing fields. */
export interface OverviewQuery {
  range: ResolvedRange;
  modelId: Uuid | null;
  diseaseArea: string | null;
  scenarioStatus: string | null;
  nodeType: string | null;
  errorText: string | null;
}

export interface KpiFigures {
  /** Distinct scenarios with a run in the range. */
  scenarios: number;
  runs: number;
  succeeded: number;
  failed: number;
  timeouts: number;
  /** failed + timeouts. */
  failures: number;
  /** success + failed + timeout (queued / running ones are not finished). */
  finished: number;
  /** succeeded / finished (0…1), null when nothing finished. */
  success_rate: number | null;
  /** Mean duration of the finished runs, null when none. */
  avg_duration_ms: number | null;
}

export interface KpiComparison {
  range: ResolvedRange;
  previousRange: ResolvedRange;
  current: KpiFigures;
  previous: KpiFigures;
}

export interface DayRuns {
  day: Day;
  success: number;
  failed: number;
  timeout: number;
  /** queued / running. */
  other: number;
  total: number;
}

export interface FailingScenario {
  scenario_id: Uuid;
  scenario_name: string;
  status: string;
  model_id: Uuid;
  model_name: string;
  disease_area: string | null;
  /** The scenario's latest run overall (not only in the range). */
  last_run_status: RunStatus | null;
  failures: number;
  timeouts: number;
  runs: number;
  last_failure_at: Iso;
  last_failed_run_id: Uuid;
  last_fail_reason: string | null;
}

export interface SignatureRow {
  signature: string;
  count: number;
  scenarios: number;
  models: number;
  model_names: string[];
  first_seen: Iso;
  last_seen: Iso;
  /** The most recent original text. */
  example: string;
  last_run_id: Uuid;
  timeouts: number;
  /** Error category of the latest run (dim_run.error_category). */
  category: string | null;
}

/** Failures of one error category in the range, with its count on each day (the trend). */
export interface CategoryRow {
  category: string;
  failures: number;
  /** One count per day of the range, in order (days without failures are 0). */
  perDay: number[];
}

export interface FailedNodeRow {
  node_id: Uuid;
  node_name: string;
  node_type: string;
  model_id: Uuid;
  model_name: string;
  failures: number;
  runs: number;
  scenarios: number;
  last_failed_at: Iso;
  last_fail_reason: string | null;
}

/** Processing time in seconds by node type. */
export interface NodeTypeTiming {
  node_type: string;
  calcs: number;
  failed: number;
  skipped: number;
  /** Calcs with a processing time. */
  timed: number;
  min_s: number | null;
  p25_s: number | null;
  p50_s: number | null;
  p75_s: number | null;
  p95_s: number | null;
  max_s: number | null;
  avg_s: number | null;
  avg_failed_s: number | null;
}

export interface FailedCalcPoint {
  calc_id: Uuid;
  run_id: Uuid;
  scenario_id: Uuid;
  scenario_name: string;
  node_id: Uuid;
  node_name: string;
  node_type: string;
  duration_s: number | null;
  run_at: Iso;
  run_status: RunStatus;
  fail_reason: string | null;
}

export interface OverviewRun extends RunSummary {
  fail_signature: string | null;
  nodes_total: number;
  nodes_failed: number;
}

export interface TrendPoint {
  run_id: Uuid;
  run_status: RunStatus;
  run_at: Iso;
  run_complete_at: Iso | null;
  duration_ms: number | null;
  run_by: string | null;
  fail_reason: string | null;
}

export interface DurationTrend {
  scenario_id: Uuid;
  scenario_name: string;
  model_name: string;
  range: ResolvedRange;
  points: TrendPoint[];
  /** More runs than the limit: the first `points.length` are shown. */
  truncated: boolean;
}

/** What the runs drill-down selects besides the filter (what was clicked). */
export interface RunsDrill {
  statuses?: RunStatus[] | null;
  signature?: string | null;
  /** Runs in which this node's calc failed. */
  nodeId?: Uuid | null;
  scenarioId?: Uuid | null;
  /** One UTC day instead of the whole range. */
  day?: Day | null;
}

export interface FilterChoice {
  value: string;
  label: string;
  /** Disease area of a model, therapeutic area of a disease area. */
  detail: string | null;
  /** Scenarios (models, disease areas, statuses) or nodes (node types). */
  n: number;
}

export interface FilterOptions {
  models: FilterChoice[];
  diseaseAreas: FilterChoice[];
  statuses: FilterChoice[];
  nodeTypes: FilterChoice[];
  firstRunAt: Iso | null;
  lastRunAt: Iso | null;
}

export interface OverviewLimits {
  topFailing: number;
  signatures: number;
  failedNodes: number;
  failedCalcs: number;
  runs: number;
  trend: number;
}

export const OVERVIEW_LIMITS: OverviewLimits = { topFailing: 25, signatures: 50, failedNodes: 25, failedCalcs: 400, runs: 200, trend: 1000 };

export interface OverviewData {
  query: OverviewQuery;
  kpis: KpiComparison;
  /** Every day of the range, days without runs included. */
  runsPerDay: DayRuns[];
  topFailing: FailingScenario[];
  signatures: SignatureRow[];
  /** Failures by error category, most first. */
  categories: CategoryRow[];
  failedNodes: FailedNodeRow[];
  nodeTiming: NodeTypeTiming[];
  failedCalcs: FailedCalcPoint[];
  /** The duration trend of the top failing scenario (others on request). */
  trend: DurationTrend | null;
  limits: OverviewLimits;
}

// ---------------------------------------------------------------------------------------------
// User journeys

export interface UserRow {
  user_id: string;
  first_seen_at: Iso | null;
  last_seen_at: Iso | null;
}

export const JOURNEY_DAY_PRESETS = [1, 7, 30, 90, 365] as const;
export const DEFAULT_JOURNEY_DAYS = 30;
export const JOURNEY_LIMIT = 5000;

export interface UserJourney {
  user: UserRow;
  range: ResolvedRange;
  /** Sessions in time order, each with its actions in time order. */
  sessions: Array<JourneySession<JourneyAction>>;
  perDay: DayActivity[];
  scenarios: ScenarioTouched[];
  summary: JourneySummary;
  /** More actions than `limit` in the range: the latest `limit` are shown. */
  truncated: boolean;
  limit: number;
}
