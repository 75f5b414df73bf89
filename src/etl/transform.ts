/**
 * Pure transform: extracted source rows → the column arrays that the set-based load
 * statements (`sql/etl/load_*.sql`, `unnest($1::…[], …)`) take. No database here.
 */
import { calcEvent, changeType, isChange, runEvents, saveEvent, scenarioEvents, EVENT_RANK, type NodeNames, type SrcCalc, type SrcRun, type SrcSave, type SrcScenario } from '../core/events';
import { failSignature } from '../core/signatures';
import { compareIso, isoToPgTimestamp, msBetween } from '../core/time';
import type { Iso, TimelineEvent } from '../core/types';

export interface ExtractedNode {
  node_id: string;
  model_id: string;
  model_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
  node_name: string;
  node_type: string;
  node_group: string | null;
  node_seq: number | null;
}

export interface ExtractedScenario extends SrcScenario {
  model_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
  is_starter: boolean;
  scenario_start_year: number | null;
  scenario_end_year: number | null;
  scenario_region: string | null;
  scenario_country: string | null;
}

/** A save as extracted: input_data kept as JSON text (never parsed on the way through). */
export interface ExtractedSave extends SrcSave {
  input_data: string | null;
}

export type Columns = unknown[][];

const ts = (v: Iso | null): string | null => (v === null ? null : isoToPgTimestamp(v));

/** Builds one array per column from rows. */
function columns<T>(rows: readonly T[], pick: ReadonlyArray<(r: T) => unknown>): Columns {
  const out: Columns = pick.map(() => new Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let c = 0; c < pick.length; c++) out[c][i] = pick[c](r);
  }
  return out;
}

export function nodeColumns(rows: readonly ExtractedNode[]): Columns {
  return columns(rows, [
    (r) => r.node_id,
    (r) => r.model_id,
    (r) => r.model_name,
    (r) => r.disease_area,
    (r) => r.therapeutic_area,
    (r) => r.node_name,
    (r) => r.node_type,
    (r) => r.node_group,
    (r) => r.node_seq,
  ]);
}

export function scenarioColumns(rows: readonly ExtractedScenario[]): Columns {
  return columns(rows, [
    (r) => r.id,
    (r) => r.scenario_display_name,
    (r) => r.status,
    (r) => r.model_id,
    (r) => r.model_name,
    (r) => r.disease_area,
    (r) => r.therapeutic_area,
    (r) => r.is_starter,
    (r) => r.scenario_start_year,
    (r) => r.scenario_end_year,
    (r) => r.scenario_region,
    (r) => r.scenario_country,
    (r) => ts(r.created_at),
    (r) => r.created_by,
    (r) => r.created_req_id,
    (r) => ts(r.updated_at),
    (r) => r.updated_by,
    (r) => r.updated_req_id,
    (r) => ts(r.submitted_at),
    (r) => r.submitted_by,
    (r) => r.submitted_req_id,
    (r) => ts(r.locked_at),
    (r) => r.locked_by,
    (r) => r.locked_req_id,
  ]);
}

export function runColumns(rows: readonly SrcRun[]): Columns {
  return columns(rows, [
    (r) => r.id,
    (r) => r.scenario_id,
    (r) => r.run_status,
    (r) => ts(r.run_at),
    (r) => ts(r.run_complete_at),
    (r) => msBetween(r.run_at, r.run_complete_at),
    (r) => r.run_by,
    (r) => r.run_req_id,
    (r) => r.fail_reason,
    (r) => (r.fail_reason ? failSignature(r.fail_reason) : null),
  ]);
}

export function saveColumns(rows: readonly ExtractedSave[]): Columns {
  return columns(rows, [
    (r) => r.scenario_id,
    (r) => r.id,
    (r) => r.model_node_id,
    (r) => ts(r.created_at),
    (r) => r.created_by,
    (r) => r.created_req_id,
    (r) => ts(r.end_at),
    (r) => r.input_hash,
    (r) => r.previous_hash,
    (r) => r.input_data,
    (r) => isChange(r),
    (r) => (isChange(r) ? changeType(r) : null),
  ]);
}

export function calcColumns(rows: readonly SrcCalc[]): Columns {
  return columns(rows, [
    (r) => r.scenario_id,
    (r) => r.id,
    (r) => r.run_id,
    (r) => r.model_node_id,
    (r) => r.status,
    (r) => r.fail_reason,
    (r) => (r.fail_reason ? failSignature(r.fail_reason) : null),
    (r) => ts(r.processing_start_at),
    (r) => ts(r.processing_end_at),
    (r) => r.processing_duration,
  ]);
}

export function eventColumns(rows: readonly TimelineEvent[]): Columns {
  return columns(rows, [
    (r) => r.scenario_id,
    (r) => r.event_key,
    (r) => r.event_type,
    (r) => EVENT_RANK[r.event_type],
    (r) => ts(r.event_timestamp),
    (r) => r.event_user,
    (r) => r.node_id,
    (r) => r.run_id,
    (r) => r.request_id,
    (r) => r.description,
    (r) => JSON.stringify(r.details),
  ]);
}

export const eventsOf = {
  scenarios: (rows: readonly SrcScenario[]): TimelineEvent[] => rows.flatMap(scenarioEvents),
  runs: (rows: readonly SrcRun[]): TimelineEvent[] => rows.flatMap(runEvents),
  saves: (rows: readonly SrcSave[], names: NodeNames): TimelineEvent[] =>
    rows.map((r) => saveEvent(r, names)).filter((e): e is TimelineEvent => e !== null),
  calcs: (rows: readonly SrcCalc[], names: NodeNames): TimelineEvent[] =>
    rows.map((r) => calcEvent(r, names)).filter((e): e is TimelineEvent => e !== null),
};

/** First and last time each user acted, accumulated across batches for dim_user. */
export class UserSeen {
  private readonly seen = new Map<string, { first: Iso; last: Iso }>();

  add(user: string | null, at: Iso | null): void {
    if (!user || !at) return;
    const s = this.seen.get(user);
    if (!s) this.seen.set(user, { first: at, last: at });
    else {
      if (compareIso(at, s.first) < 0) s.first = at;
      if (compareIso(at, s.last) > 0) s.last = at;
    }
  }

  addEvents(events: readonly TimelineEvent[]): void {
    for (const e of events) this.add(e.event_user, e.event_timestamp);
  }

  get size(): number {
    return this.seen.size;
  }

  columns(): Columns {
    const rows = [...this.seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    return columns(rows, [([u]) => u, ([, s]) => ts(s.first), ([, s]) => ts(s.last)]);
  }
}

/** The highest source timestamp seen: the next incremental run starts from it (less the overlap). */
export class HighWater {
  value: Iso | null;
  constructor(start: Iso | null) {
    this.value = start;
  }
  add(...values: Array<Iso | null>): void {
    for (const v of values) if (v && compareIso(v, this.value) > 0) this.value = v;
  }
}
