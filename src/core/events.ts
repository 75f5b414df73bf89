/**
 * The event rules of the contract, as pure functions over source-shaped rows. The ETL
 * turns extracted rows into fact rows with them, and the timeline read directly from
 * production uses the very same functions, so both paths answer alike.
 */
import { compareIso, formatDuration, msBetween } from './time';
import type { EventType, InputChange, Iso, TimelineEvent, Uuid } from './types';

export interface SrcScenario {
  id: Uuid;
  model_id: Uuid;
  scenario_display_name: string;
  status: string;
  created_at: Iso;
  created_by: string | null;
  created_req_id: Uuid | null;
  updated_at: Iso | null;
  updated_by: string | null;
  updated_req_id: Uuid | null;
  submitted_at: Iso | null;
  submitted_by: string | null;
  submitted_req_id: Uuid | null;
  locked_at: Iso | null;
  locked_by: string | null;
  locked_req_id: Uuid | null;
}

export interface SrcRun {
  id: Uuid;
  scenario_id: Uuid;
  run_status: string;
  run_at: Iso;
  run_complete_at: Iso | null;
  run_by: string | null;
  run_req_id: Uuid | null;
  fail_reason: string | null;
}

/** A save of the input history with what the previous save of the same node held. */
export interface SrcSave {
  id: Uuid;
  scenario_id: Uuid;
  model_node_id: Uuid;
  input_hash: string | null;
  created_at: Iso;
  created_by: string | null;
  created_req_id: Uuid | null;
  end_at: Iso | null;
  /** Whether an earlier save of the same (scenario, node) exists. */
  has_previous: boolean;
  previous_hash: string | null;
}

export interface SrcCalc {
  id: Uuid;
  run_id: Uuid;
  scenario_id: Uuid;
  model_node_id: Uuid;
  status: string;
  fail_reason: string | null;
  processing_start_at: Iso | null;
  processing_end_at: Iso | null;
  processing_duration: number | null;
  /** The run's completion and user, for the event's time fallback and user. */
  run_complete_at: Iso | null;
  run_by: string | null;
  run_req_id: Uuid | null;
}

/** Order of events that share a timestamp: cause before effect. */
export const EVENT_RANK: Record<EventType, number> = {
  SCENARIO_CREATED: 0,
  INPUT_CHANGED: 1,
  SCENARIO_UPDATED: 2,
  SCENARIO_SUBMITTED: 3,
  SCENARIO_LOCKED: 4,
  RUN_STARTED: 5,
  NODE_CALC_FAILED: 6,
  RUN_COMPLETED: 7,
  RUN_FAILED: 7,
  RUN_TIMEOUT: 7,
};

export type NodeNames = ReadonlyMap<Uuid, string>;

const REASON_EXCERPT = 200;

function excerpt(text: string | null, n = REASON_EXCERPT): string {
  if (!text) return '';
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function event(
  e: Omit<TimelineEvent, 'node_name' | 'details'> & { node_name?: string | null; details?: Record<string, unknown> },
): TimelineEvent {
  return { node_name: null, details: {}, ...e };
}

export function scenarioEvents(s: SrcScenario): TimelineEvent[] {
  const steps: Array<[EventType, Iso | null, string | null, Uuid | null, string]> = [
    ['SCENARIO_CREATED', s.created_at, s.created_by, s.created_req_id, 'Scenario created'],
    ['SCENARIO_UPDATED', s.updated_at, s.updated_by, s.updated_req_id, 'Scenario updated'],
    ['SCENARIO_SUBMITTED', s.submitted_at, s.submitted_by, s.submitted_req_id, 'Scenario submitted'],
    ['SCENARIO_LOCKED', s.locked_at, s.locked_by, s.locked_req_id, 'Scenario locked'],
  ];
  return steps
    .filter(([, at]) => at !== null)
    .map(([type, at, user, req, description]) =>
      event({
        event_key: `${type}:${s.id}`,
        scenario_id: s.id,
        event_type: type,
        event_timestamp: at as Iso,
        event_user: user,
        node_id: null,
        run_id: null,
        request_id: req,
        description,
        details: { status: s.status },
      }),
    );
}

const END_TYPE: Record<string, EventType | undefined> = {
  success: 'RUN_COMPLETED',
  failed: 'RUN_FAILED',
  timeout: 'RUN_TIMEOUT',
};

export function runEvents(r: SrcRun): TimelineEvent[] {
  const duration = msBetween(r.run_at, r.run_complete_at);
  const base = { scenario_id: r.scenario_id, event_user: r.run_by, node_id: null, run_id: r.id, request_id: r.run_req_id };
  const out: TimelineEvent[] = [
    event({
      ...base,
      event_key: `RUN_STARTED:${r.id}`,
      event_type: 'RUN_STARTED',
      event_timestamp: r.run_at,
      description: r.run_status === 'queued' || r.run_status === 'running' ? `Run started (${r.run_status})` : 'Run started',
      details: { run_status: r.run_status },
    }),
  ];
  const endType = END_TYPE[r.run_status];
  if (endType && r.run_complete_at) {
    const took = formatDuration(duration);
    const description =
      endType === 'RUN_COMPLETED'
        ? `Run completed in ${took}`
        : endType === 'RUN_TIMEOUT'
          ? `Run timed out after ${took}${r.fail_reason ? `: ${excerpt(r.fail_reason)}` : ''}`
          : `Run failed after ${took}${r.fail_reason ? `: ${excerpt(r.fail_reason)}` : ''}`;
    out.push(
      event({
        ...base,
        event_key: `RUN_END:${r.id}`,
        event_type: endType,
        event_timestamp: r.run_complete_at,
        description,
        details: { run_status: r.run_status, duration_ms: duration, fail_reason: r.fail_reason },
      }),
    );
  }
  return out;
}

/** Whether a save changes the value: the first save, or a hash different from the previous save's. */
export function isChange(s: Pick<SrcSave, 'has_previous' | 'previous_hash' | 'input_hash'>): boolean {
  return !s.has_previous || s.previous_hash !== s.input_hash;
}

export function changeType(s: Pick<SrcSave, 'has_previous'>): InputChange['change_type'] {
  return s.has_previous ? 'VALUE_CHANGED' : 'INITIAL_VALUE';
}

export function saveEvent(s: SrcSave, names: NodeNames): TimelineEvent | null {
  if (!isChange(s)) return null;
  const name = names.get(s.model_node_id) ?? s.model_node_id;
  const type = changeType(s);
  return event({
    event_key: `INPUT_CHANGED:${s.id}`,
    scenario_id: s.scenario_id,
    event_type: 'INPUT_CHANGED',
    event_timestamp: s.created_at,
    event_user: s.created_by,
    node_id: s.model_node_id,
    node_name: name,
    run_id: null,
    request_id: s.created_req_id,
    description: type === 'INITIAL_VALUE' ? `Input '${name}' set` : `Input '${name}' changed`,
    details: { change_type: type, previous_hash: s.previous_hash, current_hash: s.input_hash, node_data_id: s.id },
  });
}

export function calcEvent(c: SrcCalc, names: NodeNames): TimelineEvent | null {
  if (c.status !== 'failed') return null;
  const at = c.processing_end_at ?? c.processing_start_at ?? c.run_complete_at;
  if (!at) return null;
  const name = names.get(c.model_node_id) ?? c.model_node_id;
  return event({
    event_key: `NODE_CALC_FAILED:${c.id}`,
    scenario_id: c.scenario_id,
    event_type: 'NODE_CALC_FAILED',
    event_timestamp: at,
    event_user: c.run_by,
    node_id: c.model_node_id,
    node_name: name,
    run_id: c.run_id,
    request_id: c.run_req_id,
    description: `Node '${name}' failed${c.fail_reason ? `: ${excerpt(c.fail_reason)}` : ''}`,
    details: { calc_id: c.id, fail_reason: c.fail_reason, processing_duration: c.processing_duration },
  });
}

/** Timeline order: timestamp, then cause before effect, then the event key. */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  return (
    compareIso(a.event_timestamp, b.event_timestamp) ||
    EVENT_RANK[a.event_type] - EVENT_RANK[b.event_type] ||
    (a.event_key < b.event_key ? -1 : a.event_key > b.event_key ? 1 : 0)
  );
}

export function buildTimeline(input: {
  scenario: SrcScenario;
  runs: SrcRun[];
  saves: SrcSave[];
  calcs: SrcCalc[];
  names: NodeNames;
}): TimelineEvent[] {
  const out: TimelineEvent[] = [...scenarioEvents(input.scenario)];
  for (const r of input.runs) out.push(...runEvents(r));
  for (const s of input.saves) {
    const e = saveEvent(s, input.names);
    if (e) out.push(e);
  }
  for (const c of input.calcs) {
    const e = calcEvent(c, input.names);
    if (e) out.push(e);
  }
  return out.sort(compareEvents);
}

/** The `changes` rows: saves that change the value, oldest first, repeats left out. */
export function buildChanges(saves: SrcSave[], names: NodeNames): InputChange[] {
  return saves
    .filter(isChange)
    .map((s) => ({
      node_id: s.model_node_id,
      node_name: names.get(s.model_node_id) ?? s.model_node_id,
      changed_at: s.created_at,
      changed_by: s.created_by,
      previous_hash: s.previous_hash,
      current_hash: s.input_hash,
      change_type: changeType(s),
      node_data_id: s.id,
      request_id: s.created_req_id,
    }))
    .sort(
      (a, b) =>
        compareIso(a.changed_at, b.changed_at) ||
        (a.node_name < b.node_name ? -1 : a.node_name > b.node_name ? 1 : 0) ||
        (a.node_data_id < b.node_data_id ? -1 : 1),
    );
}
