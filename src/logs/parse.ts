/**
 * Log line parsing (pure): one entry per log record, a multi-line stack trace kept whole
 * as the `stack` of the record it follows.
 *
 * Recognised record starts ("header lines"):
 * - text: an ISO-like timestamp (`2026-03-01T10:00:00.123Z`, `2026-03-01 10:00:00,123`,
 *   optionally in `[...]`, with an optional zone) and a level word (TRACE, DEBUG, INFO,
 *   NOTICE, WARN/WARNING, ERROR/ERR, FATAL/CRITICAL/SEVERE) within the next 80 characters;
 *   the message is what follows the level (Python `logging`, logback/log4j, most engines);
 * - JSON lines: an object with a timestamp (`timestamp`, `ts`, `time`, `@timestamp`,
 *   `asctime`; ISO text or epoch seconds/milliseconds), a level (`level`, `levelname`,
 *   `severity`, `lvl`), a message (`msg`, `message`, `event`) and an optional stack
 *   (`exc_info`, `exception`, `stack`, `stack_trace`, `stacktrace`, `traceback`, `error.stack`).
 * Any other line continues the previous record: a Python traceback (`Traceback (most
 * recent call last):`, `  File "…", line N`, `ValueError: …`) or a Java stack trace
 * (`java.lang.X: …`, `\tat …`, `Caused by: …`, `\t... 5 more`) becomes that record's stack.
 *
 * A timestamp without a zone is taken as UTC (engine containers log in UTC); every
 * timestamp comes out as ISO 8601 UTC with milliseconds and a `Z`.
 */
import type { Iso } from '../core/types';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One parsed record. */
export interface ParsedLogEntry {
  timestamp: Iso | null;
  level: LogLevel | null;
  message: string;
  /** UUIDs in the record (header and stack), lower case, first occurrence order, unique. */
  ids: string[];
  /** The stack trace / continuation lines, or null. */
  stack: string | null;
  /** A JSON line's fields (the log load keeps them as the record's metadata); absent for text records. */
  fields?: Record<string, unknown>;
}

/** Stack lines kept per record; beyond it the stack ends with a line saying how many were left out. */
export const MAX_STACK_LINES = 400;

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const TS_RE = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?\s?(Z|UTC|[+-]\d{2}(?::?\d{2})?)?\]?(?=[\s|,;\]-]|$)/i;
const LEVEL_RE = /(?:^|[\s[|(:-])(TRACE|DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|ERR|FATAL|CRITICAL|SEVERE)(?=[\s\]|):-]|$)/i;

const LEVEL_ALIASES: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  fine: 'DEBUG',
  finer: 'TRACE',
  finest: 'TRACE',
  info: 'INFO',
  notice: 'INFO',
  information: 'INFO',
  warn: 'WARN',
  warning: 'WARN',
  error: 'ERROR',
  err: 'ERROR',
  exception: 'ERROR',
  fatal: 'FATAL',
  critical: 'FATAL',
  crit: 'FATAL',
  severe: 'FATAL',
  alert: 'FATAL',
  emerg: 'FATAL',
};

/** A level word (any case, aliases) → the normalised level, or null. */
export function normalizeLevel(word: unknown): LogLevel | null {
  if (typeof word === 'number') {
    // pino / bunyan numeric levels
    if (word >= 60) return 'FATAL';
    if (word >= 50) return 'ERROR';
    if (word >= 40) return 'WARN';
    if (word >= 30) return 'INFO';
    if (word >= 20) return 'DEBUG';
    return 'TRACE';
  }
  if (typeof word !== 'string') return null;
  return LEVEL_ALIASES[word.trim().toLowerCase()] ?? null;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Date + time + fraction + zone parts → ISO UTC with milliseconds, or null when invalid. */
function isoFromParts(date: string, time: string, fraction: string | undefined, zone: string | undefined): Iso | null {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = time.split(':').map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMin = 0;
  if (zone && zone.toUpperCase() !== 'Z' && zone.toUpperCase() !== 'UTC') {
    const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!m) return null;
    offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
  if (Number.isNaN(t)) return null;
  return isoFromMs(t);
}

function isoFromMs(t: number): Iso {
  const dt = new Date(t);
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}T${pad(dt.getUTCHours())}:${pad(dt.getUTCMinutes())}:${pad(dt.getUTCSeconds())}.${pad(dt.getUTCMilliseconds(), 3)}Z`;
}

/** A timestamp value of a JSON record (ISO-like text, epoch seconds or milliseconds) → ISO UTC. */
export function parseLogTimestamp(value: unknown): Iso | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = value < 1e11 ? value * 1000 : value; // seconds until the year 5138
    return isoFromMs(Math.round(ms));
  }
  if (typeof value !== 'string') return null;
  const m = TS_RE.exec(value.trim());
  if (!m) return null;
  return isoFromParts(m[1], m[2], m[3], m[4]);
}

function uniqueIds(text: string, into: string[] = []): string[] {
  for (const m of text.matchAll(UUID_RE)) {
    const id = m[0].toLowerCase();
    if (!into.includes(id)) into.push(id);
  }
  return into;
}

/** UUIDs in a text, lower case, unique, in order. */
export function idsIn(text: string): string[] {
  return uniqueIds(text);
}

const JSON_TS_KEYS = ['timestamp', 'ts', 'time', '@timestamp', 'asctime', 'datetime', 'date', 't'];
const JSON_LEVEL_KEYS = ['level', 'levelname', 'severity', 'lvl', 'log.level', 'loglevel'];
const JSON_MSG_KEYS = ['msg', 'message', 'event', 'text'];
const JSON_STACK_KEYS = ['exc_info', 'exception', 'stack', 'stack_trace', 'stacktrace', 'traceback', 'exc_text', 'error.stack', 'err.stack'];

function pick(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) {
    if (k in obj && obj[k] !== null && obj[k] !== undefined && obj[k] !== '') return obj[k];
    const dot = k.indexOf('.');
    if (dot > 0) {
      const inner = obj[k.slice(0, dot)];
      if (inner && typeof inner === 'object') {
        const v = (inner as Record<string, unknown>)[k.slice(dot + 1)];
        if (v !== null && v !== undefined && v !== '') return v;
      }
    }
  }
  return undefined;
}

function stackText(v: unknown): string | null {
  if (typeof v === 'string') return v.replace(/\s+$/, '') || null;
  if (Array.isArray(v)) return v.map(String).join('\n') || null;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.stack === 'string') return o.stack;
    const type = typeof o.type === 'string' ? o.type : typeof o.class === 'string' ? o.class : '';
    const msg = typeof o.message === 'string' ? o.message : '';
    const frames = Array.isArray(o.frames) ? o.frames.map(String).join('\n') : '';
    const head = [type, msg].filter(Boolean).join(': ');
    return [head, frames].filter(Boolean).join('\n') || JSON.stringify(v);
  }
  return null;
}

/** A record's first line when it is a JSON object record; null otherwise. */
function parseJsonHeader(line: string): ParsedLogEntry | null {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
  const o = obj as Record<string, unknown>;
  const rawMsg = pick(o, JSON_MSG_KEYS);
  const message = typeof rawMsg === 'string' ? rawMsg : rawMsg === undefined ? line : JSON.stringify(rawMsg);
  const stack = stackText(pick(o, JSON_STACK_KEYS));
  // A stack inside the message (e.g. `logger.exception` formatted into msg) is split off.
  let msg = message;
  let st = stack;
  if (!st) {
    const nl = message.indexOf('\n');
    if (nl >= 0) {
      msg = message.slice(0, nl);
      st = message.slice(nl + 1).replace(/\s+$/, '') || null;
    }
  }
  return {
    timestamp: parseLogTimestamp(pick(o, JSON_TS_KEYS)),
    level: normalizeLevel(pick(o, JSON_LEVEL_KEYS)),
    message: msg,
    ids: idsIn(line),
    stack: st,
    fields: o,
  };
}

/**
 * A line that starts a record, parsed (its stack still null); null for a continuation
 * line. Cheap first-character checks keep the common continuation line fast.
 */
export function parseHeaderLine(line: string): ParsedLogEntry | null {
  const first = line.charCodeAt(0);
  if (first === 0x7b /* { */) return parseJsonHeader(line);
  const isDigit = first >= 0x30 && first <= 0x39;
  if (!isDigit && !(first === 0x5b /* [ */ && line.charCodeAt(1) >= 0x30 && line.charCodeAt(1) <= 0x39)) return null;
  const m = TS_RE.exec(line);
  if (!m) return null;
  const timestamp = isoFromParts(m[1], m[2], m[3], m[4]);
  if (!timestamp) return null;
  let rest = line.slice(m[0].length);
  let level: LogLevel | null = null;
  const lm = LEVEL_RE.exec(rest.slice(0, 80));
  if (lm) {
    level = normalizeLevel(lm[1]);
    rest = rest.slice(lm.index + lm[0].length);
  }
  const message = rest.replace(/^[\s\]|:)-]+/, '').replace(/\s+$/, '');
  return { timestamp, level, message, ids: idsIn(line), stack: null };
}

/** Is this line the start of a new record? (The test `parseHeaderLine` makes, without parsing.) */
export function isHeaderLine(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first === 0x7b) return true;
  if (first >= 0x30 && first <= 0x39) return TS_RE.test(line);
  if (first === 0x5b) return TS_RE.test(line);
  return false;
}

/**
 * Parses the lines of one record (a header line and its continuation lines) into an entry.
 * A record of continuation lines only (a file without timestamps) keeps its first line as
 * the message.
 */
export function parseRecord(lines: readonly string[]): ParsedLogEntry {
  const head = parseHeaderLine(lines[0]) ?? {
    timestamp: null,
    level: null,
    message: lines[0].replace(/\s+$/, ''),
    ids: idsIn(lines[0]),
    stack: null,
  };
  if (lines.length > 1) {
    let cont = lines.slice(1);
    while (cont.length > 0 && cont[cont.length - 1].trim() === '') cont = cont.slice(0, -1);
    if (cont.length > 0) {
      if (cont.length > MAX_STACK_LINES) {
        const left = cont.length - MAX_STACK_LINES;
        cont = [...cont.slice(0, MAX_STACK_LINES), `… ${left} more line${left === 1 ? '' : 's'}`];
      }
      const extra = cont.join('\n');
      head.stack = head.stack ? `${head.stack}\n${extra}` : extra;
      uniqueIds(extra, head.ids);
    }
  }
  if (head.stack && head.level === null) head.level = 'ERROR';
  return head;
}

/**
 * Splits a sequence of lines into records (header + continuation lines). Feed lines with
 * `push`, then call `flush` at the end; `onRecord` receives each record's lines and the
 * 0-based index of its first line.
 */
export class RecordAssembler {
  private lines: string[] = [];
  private start = 0;
  private index = 0;

  constructor(private readonly onRecord: (lines: string[], firstLine: number) => void) {}

  push(line: string): void {
    const header = isHeaderLine(line);
    if ((header || this.lines.length > MAX_STACK_LINES * 2) && this.lines.length > 0) this.emit();
    if (this.lines.length === 0) this.start = this.index;
    this.lines.push(line);
    this.index++;
  }

  flush(): void {
    if (this.lines.length > 0) this.emit();
  }

  private emit(): void {
    const lines = this.lines;
    this.lines = [];
    // Blank lines between records are not records.
    if (lines.length === 1 && lines[0].trim() === '') return;
    this.onRecord(lines, this.start);
  }
}

/** Parses a whole text (tests, CloudWatch event messages) into entries. */
export function parseLogText(text: string): ParsedLogEntry[] {
  const out: ParsedLogEntry[] = [];
  const asm = new RecordAssembler((lines) => out.push(parseRecord(lines)));
  for (const line of text.split(/\r?\n/)) asm.push(line);
  asm.flush();
  return out;
}
