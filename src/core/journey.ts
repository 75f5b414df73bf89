/**
 * A user's journey: their actions across scenarios in time order, grouped into sessions
 * (30 minutes without an action ends a session), with actions per day and the scenarios
 * they touched. Pure: the engine feeds it the rows of sql/queries/reporting/user_events.sql,
 * the tests feed it hand-made rows.
 */
import { isFailedRun } from './runRules';
import { compareIso } from './time';
import type { EventType, Iso, RunStatus, Uuid } from './types';

/** Inactivity that ends a session: 30 minutes. A gap of exactly 30 minutes starts a new session. */
export const SESSION_GAP_MS = 30 * 60 * 1000;

/** The event types that are things a user does (run outcomes and node failures are not). */
export const ACTION_TYPES = ['SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED', 'INPUT_CHANGED', 'RUN_STARTED'] as const satisfies readonly EventType[];
export type ActionType = (typeof ACTION_TYPES)[number];

export function isActionType(t: string): t is ActionType {
  return (ACTION_TYPES as readonly string[]).includes(t);
}

/** One action of a user (a row of user_events.sql). */
export interface JourneyAction {
  event_key: string;
  event_type: ActionType;
  event_timestamp: Iso;
  scenario_id: Uuid;
  scenario_name: string;
  model_name: string;
  node_id: Uuid | null;
  node_name: string | null;
  run_id: Uuid | null;
  /** RUN_STARTED: how the run ended (null while it is queued/running or for other actions). */
  run_status: RunStatus | null;
  fail_reason: string | null;
  request_id: Uuid | null;
  description: string;
}

/** What sessionizing needs of an action. */
export type ActionLike = Pick<JourneyAction, 'event_key' | 'event_timestamp' | 'scenario_id'> & {
  event_type: string;
  run_status?: string | null;
};

export interface JourneySession<T extends ActionLike = JourneyAction> {
  /** 1-based, in time order. */
  index: number;
  start: Iso;
  end: Iso;
  /** end − start (0 for a single action). */
  duration_ms: number;
  /** Time since the previous session ended (null for the first). */
  gap_before_ms: number | null;
  actions: T[];
  /** Distinct scenarios, in order of first action. */
  scenario_ids: Uuid[];
  runs: number;
  /** Runs started in the session that failed or timed out. */
  failed_runs: number;
  input_changes: number;
}

export interface DayActivity {
  /** UTC day `YYYY-MM-DD`. */
  day: string;
  actions: number;
  sessions: number;
  scenarios: number;
  runs: number;
  failed_runs: number;
}

export interface ScenarioTouched {
  scenario_id: Uuid;
  scenario_name: string;
  model_name: string;
  actions: number;
  input_changes: number;
  runs: number;
  failed_runs: number;
  /** Sessions in which the user acted on the scenario. */
  sessions: number;
  first: Iso;
  last: Iso;
}

function ms(iso: Iso): number {
  return Date.parse(iso);
}

/** Time order: timestamp, then event key (stable for equal times). */
export function sortActions<T extends ActionLike>(actions: readonly T[]): T[] {
  return [...actions].sort((a, b) => compareIso(a.event_timestamp, b.event_timestamp) || (a.event_key < b.event_key ? -1 : a.event_key > b.event_key ? 1 : 0));
}

/**
 * Groups actions into sessions: a new session starts when at least `gapMs` passed since
 * the previous action. Actions are sorted first; events of any user may be passed, but a
 * journey is one user's.
 */
export function sessionize<T extends ActionLike>(actions: readonly T[], gapMs = SESSION_GAP_MS): Array<JourneySession<T>> {
  const sorted = sortActions(actions);
  const sessions: Array<JourneySession<T>> = [];
  let cur: T[] = [];
  let prevMs = Number.NaN;
  const close = (): void => {
    if (cur.length === 0) return;
    const start = cur[0]!.event_timestamp;
    const end = cur[cur.length - 1]!.event_timestamp;
    const previous = sessions[sessions.length - 1];
    const scenarioIds: Uuid[] = [];
    const seen = new Set<Uuid>();
    let runs = 0;
    let failed = 0;
    let inputs = 0;
    for (const a of cur) {
      if (!seen.has(a.scenario_id)) {
        seen.add(a.scenario_id);
        scenarioIds.push(a.scenario_id);
      }
      if (a.event_type === 'RUN_STARTED') {
        runs++;
        if (isFailedRun(a.run_status)) failed++;
      } else if (a.event_type === 'INPUT_CHANGED') inputs++;
    }
    sessions.push({
      index: sessions.length + 1,
      start,
      end,
      duration_ms: Math.max(0, ms(end) - ms(start)),
      gap_before_ms: previous ? ms(start) - ms(previous.end) : null,
      actions: cur,
      scenario_ids: scenarioIds,
      runs,
      failed_runs: failed,
      input_changes: inputs,
    });
    cur = [];
  };
  for (const a of sorted) {
    const t = ms(a.event_timestamp);
    if (cur.length > 0 && !(t - prevMs < gapMs)) close();
    cur.push(a);
    prevMs = t;
  }
  close();
  return sessions;
}

/** UTC day of an ISO timestamp. */
export function utcDay(iso: Iso): string {
  return iso.slice(0, 10);
}

/** Actions per UTC day (days with actions only, ascending); a session counts on the day it starts. */
export function actionsPerDay<T extends ActionLike>(sessions: ReadonlyArray<JourneySession<T>>): DayActivity[] {
  const days = new Map<string, { actions: number; sessions: number; scenarios: Set<Uuid>; runs: number; failed: number }>();
  const get = (day: string) => {
    let d = days.get(day);
    if (!d) days.set(day, (d = { actions: 0, sessions: 0, scenarios: new Set(), runs: 0, failed: 0 }));
    return d;
  };
  for (const s of sessions) {
    get(utcDay(s.start)).sessions++;
    for (const a of s.actions) {
      const d = get(utcDay(a.event_timestamp));
      d.actions++;
      d.scenarios.add(a.scenario_id);
      if (a.event_type === 'RUN_STARTED') {
        d.runs++;
        if (isFailedRun(a.run_status)) d.failed++;
      }
    }
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, d]) => ({ day, actions: d.actions, sessions: d.sessions, scenarios: d.scenarios.size, runs: d.runs, failed_runs: d.failed }));
}

/** The scenarios a user acted on, most actions first (then most recent). */
export function scenariosTouched(sessions: ReadonlyArray<JourneySession<JourneyAction>>): ScenarioTouched[] {
  const by = new Map<Uuid, ScenarioTouched & { sessionSet: Set<number> }>();
  for (const s of sessions) {
    for (const a of s.actions) {
      let t = by.get(a.scenario_id);
      if (!t) {
        t = {
          scenario_id: a.scenario_id,
          scenario_name: a.scenario_name,
          model_name: a.model_name,
          actions: 0,
          input_changes: 0,
          runs: 0,
          failed_runs: 0,
          sessions: 0,
          first: a.event_timestamp,
          last: a.event_timestamp,
          sessionSet: new Set(),
        };
        by.set(a.scenario_id, t);
      }
      t.actions++;
      if (a.event_type === 'INPUT_CHANGED') t.input_changes++;
      if (a.event_type === 'RUN_STARTED') {
        t.runs++;
        if (isFailedRun(a.run_status)) t.failed_runs++;
      }
      if (compareIso(a.event_timestamp, t.first) < 0) t.first = a.event_timestamp;
      if (compareIso(a.event_timestamp, t.last) > 0) t.last = a.event_timestamp;
      t.sessionSet.add(s.index);
    }
  }
  return [...by.values()]
    .map(({ sessionSet, ...t }) => ({ ...t, sessions: sessionSet.size }))
    .sort((a, b) => b.actions - a.actions || compareIso(b.last, a.last) || (a.scenario_id < b.scenario_id ? -1 : 1));
}

export interface JourneySummary {
  actions: number;
  sessions: number;
  scenarios: number;
  runs: number;
  failed_runs: number;
  input_changes: number;
  active_days: number;
  /** Sum of session durations. */
  active_ms: number;
  first: Iso | null;
  last: Iso | null;
}

export function summarizeJourney<T extends ActionLike>(sessions: ReadonlyArray<JourneySession<T>>): JourneySummary {
  const scenarios = new Set<Uuid>();
  const days = new Set<string>();
  let actions = 0;
  let runs = 0;
  let failed = 0;
  let inputs = 0;
  let active = 0;
  for (const s of sessions) {
    actions += s.actions.length;
    runs += s.runs;
    failed += s.failed_runs;
    inputs += s.input_changes;
    active += s.duration_ms;
    for (const id of s.scenario_ids) scenarios.add(id);
    for (const a of s.actions) days.add(utcDay(a.event_timestamp));
  }
  return {
    actions,
    sessions: sessions.length,
    scenarios: scenarios.size,
    runs,
    failed_runs: failed,
    input_changes: inputs,
    active_days: days.size,
    active_ms: active,
    first: sessions[0]?.start ?? null,
    last: sessions[sessions.length - 1]?.end ?? null,
  };
}
