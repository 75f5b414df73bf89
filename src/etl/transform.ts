/**
 * Pure transform: extracted source rows → the column arrays that the load statements of
 * the table specs (tables.ts: `unnest($1::…[], …)` upserts, COPY) take. No database here.
 */
import { calcEvent, runEvents, saveEvent, scenarioEvents, type NodeNames, type SrcCalc, type SrcRun, type SrcSave, type SrcScenario } from '../core/events';
import { failureCategory } from '../core/errorCategory';
import { failSignature } from '../core/signatures';
import { compareIso, isFiniteTime, pgTimestampToIso } from '../core/time';
import { copyField } from '../db/copyFormat';
import type { Iso, TimelineEvent } from '../core/types';
import { PLAIN, type Columns, type ExtractedCalc, type ExtractedSave, type ExtractedScenario, type RowPrivacy, type SeenUser } from './rows';
import { DIM_RUN, DIM_SCENARIO, DIM_USER, FACT_INPUT_CHANGES, FACT_NODE_CALCULATIONS, FACT_SCENARIO_EVENTS, toColumns } from './tables';

// The column builders by source row (test/unit/core/privacy.test.ts); the ETL itself calls toColumns with the spec.
export { rowPrivacy, type ExtractedSave, type ExtractedScenario } from './rows';

export const scenarioColumns = (rows: readonly ExtractedScenario[], p: RowPrivacy = PLAIN): Columns => toColumns(DIM_SCENARIO, rows, p);
export const runColumns = (rows: readonly SrcRun[], p: RowPrivacy = PLAIN): Columns => toColumns(DIM_RUN, rows, p);
/** With values withheld: no input_data, and the paths each save changed (JSON text). */
export const saveColumns = (rows: readonly ExtractedSave[], p: RowPrivacy = PLAIN): Columns => toColumns(FACT_INPUT_CHANGES, rows, p);
export const eventColumns = (rows: readonly TimelineEvent[], p: RowPrivacy = PLAIN): Columns => toColumns(FACT_SCENARIO_EVENTS, rows, p);

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
    // Pseudonymised here (not by the column): the rows are sorted by what is stored.
    const rows: SeenUser[] = [...this.seen.entries()].map(([u, s]) => ({ user: p.user(u)!, first: s.first, last: s.last })).sort((a, b) => (a.user < b.user ? -1 : 1));
    return toColumns(DIM_USER, rows, PLAIN);
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
  /** Rows for the fact's COPY FROM (its spec's column order, tables.ts). */
  rows: Buffer;
  count: number;
  events: TimelineEvent[];
  /** `YYYY-MM` of each row's partition column. */
  months: Set<string>;
}

/**
 * The fields of a node calc's COPY row as extracted: the spec's columns but the last
 * (error_category, the transform's), then its run's for the event.
 */
const CALC_COLUMNS = FACT_NODE_CALCULATIONS.columns.map((c) => c.name);
const EXTRACTED_FIELDS = [...CALC_COLUMNS.slice(0, -1), 'run_complete_at', 'run_by', 'run_req_id'];
const F: Record<string, number> = Object.fromEntries(EXTRACTED_FIELDS.map((n, i) => [n, i]));
// The bytes pass through in runs of fields: fail_signature between fail_reason and the
// processing times, run_at the last of them, error_category appended.
if (F.fail_signature !== F.fail_reason + 1 || F.processing_start_at !== F.fail_signature + 1 || CALC_COLUMNS.indexOf('error_category') !== F.run_at + 1) {
  throw new Error('etl: fact_node_calculations columns no longer in the order calcsFromCopy passes through');
}

/**
 * Node calcs from `extract_calcs_copy.sql`: the columns of fact_node_calculations' COPY but
 * the last (fail_signature still NULL, error_category missing), then run_complete_at, run_by,
 * run_req_id for events.
 */
export function calcsFromCopy(data: Buffer, names: NodeNames): CopyTransformed {
  const starts = new Int32Array(EXTRACTED_FIELDS.length);
  const ends = new Int32Array(EXTRACTED_FIELDS.length);
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
    const m = starts[F.run_at];
    if (lastMonthAt < 0 || !sameBytes(data, m, lastMonthAt, 7)) {
      months.add(data.toString('latin1', m, m + 7));
      lastMonthAt = m;
    }
    const status = F.calc_status;
    const failed = ends[status] - starts[status] === 6 && data.toString('latin1', starts[status], ends[status]) === 'failed';
    if (!failed && isNullField(data, starts[F.fail_reason], ends[F.fail_reason])) {
      out.bytes(data, rowStart, ends[F.run_at]);
      out.byte(TAB_BYTE);
      out.text(copyField(null)); // error_category: not a failure
      out.byte(NL_BYTE);
    } else {
      const text = (name: string): string | null => textField(data, starts[F[name]], ends[F[name]]);
      const time = (name: string): Iso | null => tsField(data, starts[F[name]], ends[F[name]]);
      const duration = F.processing_duration_sec;
      const c: ExtractedCalc = {
        scenario_id: text('scenario_id')!,
        id: text('calc_id')!,
        run_id: text('run_id')!,
        model_node_id: text('node_id')!,
        status: text('calc_status')!,
        fail_reason: text('fail_reason'),
        processing_start_at: time('processing_start_at'),
        processing_end_at: time('processing_end_at'),
        processing_duration: isNullField(data, starts[duration], ends[duration]) ? null : Number(data.toString('latin1', starts[duration], ends[duration])),
        run_at: time('run_at')!,
        run_complete_at: time('run_complete_at'),
        run_by: text('run_by'),
        run_req_id: text('run_req_id'),
      };
      out.bytes(data, rowStart, ends[F.fail_reason]);
      out.byte(TAB_BYTE);
      out.text(copyField(c.fail_reason ? failSignature(c.fail_reason) : null));
      out.byte(TAB_BYTE);
      out.bytes(data, starts[F.processing_start_at], ends[F.run_at]);
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
