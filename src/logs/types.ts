/** Log lines of a run, from any source (shared by the CLI, the extension and `serve`). */
import type { Iso, Uuid } from '../core/types';
import type { LogLevel } from './parse';

export type LogSourceKind = 'files' | 'cloudwatch';
export const LOG_SOURCE_KINDS: readonly LogSourceKind[] = ['files', 'cloudwatch'];

/** What to look for: any of the ids, within [from, to]. */
export interface RunLogQuery {
  run_id: Uuid;
  /** Lower-case ids to look for (run id, run_req_id, scenario id; no duplicates). */
  ids: string[];
  from: Iso;
  to: Iso;
}

/** One log record of a run. */
export interface LogLine {
  timestamp: Iso | null;
  level: LogLevel | null;
  source: LogSourceKind;
  message: string;
  stack: string | null;
  /** UUIDs in the record, lower case. */
  ids: string[];
  /** Where it is: a file path, or `log group / log stream`. */
  origin: string;
  /** 1-based line of the record's first line in its file (plain files only), else null. */
  line: number | null;
  /** A web page showing the record (CloudWatch console), else null. */
  url: string | null;
}

export interface LogSearchOptions {
  /** At most this many matching records in all (default DEFAULT_LOG_CAP). */
  cap?: number;
  signal?: AbortSignal;
}

export const DEFAULT_LOG_CAP = 2000;
export const DEFAULT_MARGIN_MINUTES = 10;

/** What one source found. */
export interface LogSourceResult {
  lines: LogLine[];
  /** true when the source stopped at the cap. */
  truncated: boolean;
  /** Things the user should know (files that could not be read, …). */
  notes: string[];
}

export interface LogSource {
  kind: LogSourceKind;
  /** For messages: what is searched (globs, log groups). */
  label: string;
  search(query: RunLogQuery, options: LogSearchOptions): Promise<LogSourceResult>;
}

/** A source that could not be searched at all, with the one clear message why. */
export class LogSourceError extends Error {
  constructor(
    readonly kind: LogSourceKind,
    message: string,
  ) {
    super(message);
    this.name = 'LogSourceError';
  }
}
