/**
 * Pure transform: extracted source rows → the column arrays that the set-based load
 * statements (`sql/etl/load_*.sql`, `unnest($1::…[], …)`) take. No database here.
 */
import { calcEvent, changeType, isChange, runEvents, saveEvent, scenarioEvents, EVENT_RANK, type NodeNames, type SrcCalc, type SrcRun, type SrcSave, type SrcScenario } from '../core/events';
import { failureCategory } from '../core/errorCategory';
import { changedPaths, userMapper, type PrivacyOptions } from '../core/privacy';
import { failSignature } from '../core/signatures';
import { compareIso, isFiniteTime, pgTimestampToIso } from '../core/time';
import { copyField } from '../db/copyFormat';
import type { Iso, TimelineEvent } from '../core/types';

export interface ExtractedNode {
  node_id: string;
  model_id: string;
  model_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
  node_name: string;
  node_type: string;
  node_group_name: string | null;
  node_seq: number | null;
}

export interface ExtractedScenario extends SrcScenario {
  model_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
  is_starter: boolean;
  scenario_start_year: number | null;
  scenario_end_year: number | null;
  forecast_init_id: string | null;
  scenario_region: string | null;
  scenario_country: string | null;
}

/** A node calc as extracted, with its run's start (the month the calc belongs to). */
export interface ExtractedCalc extends SrcCalc {
  run_at: Iso;
}

/**
 * A save as extracted: input_data kept as JSON text (never parsed on the way through);
 * previous_data, the previous save's, only when input values are withheld (for the paths).
 */
export interface ExtractedSave extends SrcSave {
  input_data: string | null;
  previous_data?: string | null;
}

export type Columns = unknown[][];

/**
 * What the column builders apply to personal data (src/core/privacy.ts): every user column
 * through `user`, and the saves' values replaced by the paths they changed.
 */
export interface RowPrivacy {
  user: (u: string | null) => string | null;
  withholdInputValues: boolean;
}

/** A plain copy: user ids and values as they are. */
export const PLAIN: RowPrivacy = { user: (u) => u, withholdInputValues: false };

export function rowPrivacy(p: PrivacyOptions | undefined): RowPrivacy {
  return p?.pseudonymKey || p?.withholdInputValues ? { user: userMapper(p.pseudonymKey), withholdInputValues: !!p.withholdInputValues } : PLAIN;
}

/** change_type of a save kept for exact snapshots that repeats the previous save's hash. */
export const NO_CHANGE = 'NO_CHANGE';

/**
 * Timestamps go to PostgreSQL as the ISO text they are (`2026-11-20T12:00:00.123Z`): input
 * to a `timestamp without time zone` ignores the zone designator (PostgreSQL manual, 8.5.1.3
 * "Time Stamps"), so the stored value is the UTC wall time itself, with no conversion per value.
 */
const ts = (v: Iso | null): string | null => v;

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
    (r) => r.node_group_name,
    (r) => r.node_seq,
  ]);
}

export function scenarioColumns(rows: readonly ExtractedScenario[], p: RowPrivacy = PLAIN): Columns {
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
    (r) => r.forecast_init_id,
    (r) => r.scenario_region,
    (r) => r.scenario_country,
    (r) => ts(r.created_at),
    (r) => p.user(r.created_by),
    (r) => r.created_req_id,
    (r) => ts(r.updated_at),
    (r) => p.user(r.updated_by),
    (r) => r.updated_req_id,
    (r) => ts(r.submitted_at),
    (r) => p.user(r.submitted_by),
    (r) => r.submitted_req_id,
    (r) => ts(r.locked_at),
    (r) => p.user(r.locked_by),
    (r) => r.locked_req_id,
  ]);
}

export function runColumns(rows: readonly SrcRun[], p: RowPrivacy = PLAIN): Columns {
  return columns(rows, [
    (r) => r.id,
    (r) => r.scenario_id,
    (r) => r.run_status,
    (r) => ts(r.run_at),
    (r) => ts(r.run_complete_at),
    (r) => p.user(r.run_by),
    (r) => r.run_req_id,
    (r) => r.fail_reason,
    (r) => (r.fail_reason ? failSignature(r.fail_reason) : null),
    (r) => failureCategory(r.run_status, r.fail_reason),
  ]);
}

/** With values withheld: no input_data, and the paths each save changed (JSON text). */
export function saveColumns(rows: readonly ExtractedSave[], p: RowPrivacy = PLAIN): Columns {
  const withhold = p.withholdInputValues;
  return columns(rows, [
    (r) => r.scenario_id,
    (r) => r.id,
    (r) => r.model_node_id,
    (r) => ts(r.created_at),
    (r) => p.user(r.created_by),
    (r) => r.created_req_id,
    (r) => ts(r.end_at),
    (r) => r.input_hash,
    (r) => r.previous_hash,
    (r) => (withhold ? null : r.input_data),
    (r) => isChange(r),
    (r) => (isChange(r) ? changeType(r) : NO_CHANGE),
    (r) => (withhold ? JSON.stringify(changedPaths(r.has_previous ? (r.previous_data ?? null) : null, r.input_data, isChange(r))) : null),
  ]);
}

export function calcColumns(rows: readonly ExtractedCalc[]): Columns {
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
    (r) => ts(r.run_at),
    (r) => (r.status === 'failed' ? failureCategory(r.status, r.fail_reason) : null),
  ]);
}

export function eventColumns(rows: readonly TimelineEvent[], p: RowPrivacy = PLAIN): Columns {
  return columns(rows, [
    (r) => r.scenario_id,
    (r) => r.event_key,
    (r) => r.event_type,
    (r) => EVENT_RANK[r.event_type],
    (r) => ts(r.event_timestamp),
    (r) => p.user(r.event_user),
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

  columns(p: RowPrivacy = PLAIN): Columns {
    const rows = [...this.seen.entries()].map(([u, s]) => [p.user(u)!, s] as const).sort(([a], [b]) => (a < b ? -1 : 1));
    // username: the source knows users by their id only (pseudonymised: the pseudonym).
    return columns(rows, [([u]) => u, ([u]) => u, ([, s]) => ts(s.first), ([, s]) => ts(s.last)]);
  }
}

/**
 * The watermark: the highest source timestamp seen, never past the source's clock at
 * extraction (`ceiling`). Rows dated later (clock skew, a typo like 2099) still load; they
 * are counted for one warning. `infinity` / `-infinity` are no time and never count.
 */
export class HighWater {
  value: Iso | null;
  /** Rows with a timestamp after the ceiling, and the latest such timestamp. */
  futureRows = 0;
  latestFuture: Iso | null = null;
  constructor(
    start: Iso | null,
    readonly ceiling: Iso | null = null,
  ) {
    this.value = start && isFiniteTime(start) && (ceiling === null || compareIso(start, ceiling) <= 0) ? start : null;
  }
  /** The timestamps of one row. */
  add(...values: Array<Iso | null>): void {
    let future = false;
    for (const v of values) {
      if (!v || !isFiniteTime(v)) continue;
      if (this.ceiling !== null && compareIso(v, this.ceiling) > 0) {
        future = true;
        if (compareIso(v, this.latestFuture) > 0) this.latestFuture = v;
      } else if (compareIso(v, this.value) > 0) this.value = v;
    }
    if (future) this.futureRows++;
  }
  /** The one warning about rows dated after the source clock, or null. */
  futureWarning(): string | null {
    if (this.futureRows === 0) return null;
    return `${this.futureRows} source ${this.futureRows === 1 ? 'row is' : 'rows are'} dated after the source clock ${this.ceiling} (latest ${this.latestFuture}): loaded, but the watermark stays at or before the source clock`;
  }
}

// ---------------------------------------------------------------------------------------------
// First load, node calcs straight from COPY: the rows pass through as the bytes PostgreSQL
// sent (COPY's text format is the same going out and coming in); only a calc with a failure
// is decoded, for its signature and its event, by the rules above (failSignature, calcEvent)
// applied to the same values, so the rows are those of the row path (calcColumns).

const TAB_BYTE = 9;
const NL_BYTE = 10;
const BACKSLASH = 92;

/** The bytes of `\N` (NULL) at [a, b). */
function isNullField(buf: Buffer, a: number, b: number): boolean {
  return b - a === 2 && buf[a] === BACKSLASH && buf[a + 1] === 78;
}

const UNESCAPE: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/** A text field of a COPY row: NULL, or its value with COPY's escapes undone. */
function textField(buf: Buffer, a: number, b: number): string | null {
  if (isNullField(buf, a, b)) return null;
  const s = buf.toString('utf8', a, b);
  return s.includes('\\') ? s.replace(/\\(.)/g, (_m, c: string) => UNESCAPE[c] ?? c) : s;
}

function tsField(buf: Buffer, a: number, b: number): Iso | null {
  return isNullField(buf, a, b) ? null : pgTimestampToIso(buf.toString('latin1', a, b));
}

/** Field boundaries of one row: starts[i], ends[i]; false when the row has fewer fields. */
function splitFields(buf: Buffer, rowStart: number, rowEnd: number, starts: Int32Array, ends: Int32Array): boolean {
  let at = rowStart;
  const n = starts.length;
  for (let i = 0; i < n; i++) {
    starts[i] = at;
    const tab = i === n - 1 ? rowEnd : buf.indexOf(TAB_BYTE, at);
    if (tab < 0 || tab > rowEnd) return false;
    ends[i] = tab;
    at = tab + 1;
  }
  return true;
}

function sameBytes(buf: Buffer, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

/** Appends bytes to a growing output buffer. */
class Out {
  buf: Buffer;
  len = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(4096, size));
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }
  bytes(src: Buffer, a: number, b: number): void {
    this.room(b - a);
    src.copy(this.buf, this.len, a, b);
    this.len += b - a;
  }
  text(s: string): void {
    this.room(s.length * 3);
    this.len += this.buf.write(s, this.len);
  }
  byte(c: number): void {
    this.room(1);
    this.buf[this.len++] = c;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

export interface CopyTransformed {
  /** Rows for the fact's COPY FROM (copy_<fact>.sql column order). */
  rows: Buffer;
  count: number;
  events: TimelineEvent[];
  /** `YYYY-MM` of each row's partition column. */
  months: Set<string>;
}

/**
 * Node calcs from `extract_calcs_copy.sql`: 11 columns as copy_fact_node_calculations.sql takes
 * them (fail_signature still NULL), then run_complete_at, run_by, run_req_id for events.
 */
export function calcsFromCopy(data: Buffer, names: NodeNames): CopyTransformed {
  const starts = new Int32Array(14);
  const ends = new Int32Array(14);
  const out = new Out(data.length);
  const events: TimelineEvent[] = [];
  const months = new Set<string>();
  let lastMonthAt = -1; // where the last month seen starts in `data` (YYYY-MM: 7 bytes)
  let count = 0;
  for (let rowStart = 0; rowStart < data.length; ) {
    let rowEnd = data.indexOf(NL_BYTE, rowStart);
    if (rowEnd < 0) rowEnd = data.length;
    if (!splitFields(data, rowStart, rowEnd, starts, ends)) throw new Error('etl: unexpected node calc row from COPY');
    count++;
    const m = starts[10];
    if (lastMonthAt < 0 || !sameBytes(data, m, lastMonthAt, 7)) {
      months.add(data.toString('latin1', m, m + 7));
      lastMonthAt = m;
    }
    const failed = ends[4] - starts[4] === 6 && data.toString('latin1', starts[4], ends[4]) === 'failed';
    if (!failed && isNullField(data, starts[5], ends[5])) {
      out.bytes(data, rowStart, ends[10]);
      out.byte(TAB_BYTE);
      out.text(copyField(null)); // error_category: not a failure
      out.byte(NL_BYTE);
    } else {
      const c: ExtractedCalc = {
        scenario_id: textField(data, starts[0], ends[0])!,
        id: textField(data, starts[1], ends[1])!,
        run_id: textField(data, starts[2], ends[2])!,
        model_node_id: textField(data, starts[3], ends[3])!,
        status: textField(data, starts[4], ends[4])!,
        fail_reason: textField(data, starts[5], ends[5]),
        processing_start_at: tsField(data, starts[7], ends[7]),
        processing_end_at: tsField(data, starts[8], ends[8]),
        processing_duration: isNullField(data, starts[9], ends[9]) ? null : Number(data.toString('latin1', starts[9], ends[9])),
        run_at: tsField(data, starts[10], ends[10])!,
        run_complete_at: tsField(data, starts[11], ends[11]),
        run_by: textField(data, starts[12], ends[12]),
        run_req_id: textField(data, starts[13], ends[13]),
      };
      out.bytes(data, rowStart, ends[5]);
      out.byte(TAB_BYTE);
      out.text(copyField(c.fail_reason ? failSignature(c.fail_reason) : null));
      out.byte(TAB_BYTE);
      out.bytes(data, starts[7], ends[10]);
      out.byte(TAB_BYTE);
      out.text(copyField(failed ? failureCategory(c.status, c.fail_reason) : null));
      out.byte(NL_BYTE);
      const e = calcEvent(c, names);
      if (e) events.push(e);
    }
    rowStart = rowEnd + 1;
  }
  return { rows: out.result(), count, events, months };
}
