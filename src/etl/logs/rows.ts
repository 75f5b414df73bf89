/**
 * One log record → one row of reporting.fact_cloudwatch_log, as the column arrays of
 * sql/etl/logs_insert.sql (its `unnest`). Pure.
 */
import { categorizeText, designCategory } from '../../core/errorCategory';
import { isoToPgTimestamp } from '../../core/time';
import type { Iso } from '../../core/types';
import type { LogLevel } from '../../logs/parse';
import type { LogSourceKind } from '../../logs/types';

export interface LogRecordRow {
  /** Unique per record and source: `file:<path>:<offset>`, `cloudwatch:<group>:<eventId>`. */
  key: string;
  timestamp: Iso;
  level: LogLevel | null;
  message: string;
  stack: string | null;
  kind: LogSourceKind;
  group: string | null;
  stream: string | null;
  /** A file path, or `group / stream`. */
  origin: string;
  /** 1-based line of a plain file's record, else null. */
  line: number | null;
  /** A JSON line's fields, else null. */
  fields: Record<string, unknown> | null;
  /** UUIDs the record names, lower case, in order. */
  ids: readonly string[];
}

/** The category of an error-level record: ours (detail) and the design's four; null for other levels. */
export function recordCategory(level: LogLevel | null, message: string, stack: string | null): { category: string; detail: string } | null {
  if (level !== 'ERROR' && level !== 'FATAL') return null;
  const text = stack ? `${message}\n${stack}` : message;
  const detail = categorizeText(text).category;
  return { category: designCategory(detail, text) ?? 'calculation', detail };
}

/** PostgreSQL text cannot hold NUL: it is dropped (a binary line in a log file). */
function clean(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
}

function metadataOf(fields: Record<string, unknown> | null): string {
  if (!fields) return '{}';
  const json = JSON.stringify(fields);
  // jsonb refuses \u0000 as well.
  return json.includes('\\u0000') ? json.replace(/\\u0000/g, '') : json;
}

export const LOG_COLUMNS = 14;

/** Column arrays of a batch, in sql/etl/logs_insert.sql's order. */
export class LogRowBatch {
  private cols: unknown[][] = Array.from({ length: LOG_COLUMNS }, () => []);
  /** Partitioned layout: the months (`YYYY-MM-01`) of the batch's rows. */
  readonly months = new Set<string>();
  /** The newest record time in the batch. */
  newest: Iso | null = null;

  get size(): number {
    return this.cols[0].length;
  }

  push(r: LogRecordRow): void {
    const c = this.cols;
    const cat = recordCategory(r.level, r.message, r.stack);
    c[0].push(r.key);
    c[1].push(isoToPgTimestamp(r.timestamp));
    c[2].push(r.level);
    c[3].push(clean(r.message));
    c[4].push(r.stack === null ? null : clean(r.stack));
    c[5].push(cat?.category ?? null);
    c[6].push(cat?.detail ?? null);
    c[7].push(r.kind);
    c[8].push(r.group);
    c[9].push(r.stream);
    c[10].push(clean(r.origin));
    c[11].push(r.line);
    c[12].push(metadataOf(r.fields));
    c[13].push(`{${r.ids.join(',')}}`);
    this.months.add(`${r.timestamp.slice(0, 7)}-01`);
    if (this.newest === null || r.timestamp > this.newest) this.newest = r.timestamp;
  }

  /** The statement's parameters. */
  columns(): unknown[][] {
    return this.cols;
  }
}
