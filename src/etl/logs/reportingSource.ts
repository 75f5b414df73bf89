/**
 * A run's logs from the reporting schema (fact_cloudwatch_log) when the log load has them for
 * the run's window, live from the sources otherwise: the same records either way (a record
 * belongs to a run when it names the run, its request or its scenario, within the window),
 * but no file access and no AWS credentials when they are loaded.
 *
 * Per kind (files, CloudWatch): the reporting schema is used for a kind when the last log
 * load read every source of that kind up to the window's end (and, for CloudWatch, from
 * before its start), after the run itself was loaded (so its records are resolved).
 */
import type { Iso, RunSummary } from '../../core/types';
import type { Db } from '../../db/db';
import { sqlText } from '../../db/sqlFiles';
import { consoleUrl } from '../../logs/cloudwatch';
import type { LogLevel } from '../../logs/parse';
import type { LogLine, LogSearchOptions, LogSource, LogSourceKind, LogSourceResult, RunLogQuery } from '../../logs/types';
import { DEFAULT_LOG_CAP, LOG_SOURCE_KINDS } from '../../logs/types';
import type { KindCoverage, SummaryPosition } from './load';

interface CoverageRow {
  name: string;
  watermark: Iso | null;
  last_success_at: Iso | null;
  position: Record<string, unknown> | null;
  run_loaded_at: Iso | null;
}

interface LogRow {
  timestamp: Iso;
  level: LogLevel | null;
  source: LogSourceKind;
  message: string;
  stack: string | null;
  ids: string[];
  origin: string;
  line: number | null;
  log_group: string | null;
  log_stream: string | null;
}

function utc(iso: Iso): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** One kind's records of a run, read from the reporting schema. */
export class ReportingLogSource implements LogSource {
  readonly label: string;

  constructor(
    private readonly db: Db,
    readonly kind: LogSourceKind,
    private readonly run: Pick<RunSummary, 'run_id' | 'run_req_id' | 'scenario_id'>,
    readonly loadedAt: Iso,
    /** CloudWatch group → region (console links). */
    private readonly regions: ReadonlyMap<string, string>,
    coverage: KindCoverage,
  ) {
    this.label = `the reporting schema (${kind === 'files' ? 'files' : 'CloudWatch'} loaded at ${utc(loadedAt)}: ${coverage.labels.join(', ')})`;
  }

  async search(query: RunLogQuery, options: LogSearchOptions = {}): Promise<LogSourceResult> {
    const cap = options.cap ?? DEFAULT_LOG_CAP;
    const ts = (iso: Iso): string => iso.replace('T', ' ').replace(/Z$/, '');
    const rows = await this.db.query<LogRow>(sqlText('etl/logs_read_run'), [
      this.run.run_id,
      this.run.run_req_id ?? null,
      this.run.scenario_id,
      ts(query.from),
      ts(query.to),
      this.kind,
      cap + 1,
    ]);
    const truncated = rows.length > cap;
    const lines: LogLine[] = rows.slice(0, cap).map((r) => {
      const region = r.log_group ? this.regions.get(r.log_group) : undefined;
      return {
        timestamp: r.timestamp,
        level: r.level,
        source: r.source,
        message: r.message,
        stack: r.stack,
        ids: r.ids,
        origin: r.origin,
        line: r.line,
        url: r.source === 'cloudwatch' && region && r.log_group ? consoleUrl(region, r.log_group, r.log_stream ?? '', Date.parse(r.timestamp)) : null,
      };
    });
    return { lines, truncated, notes: [] };
  }
}

export interface ChosenSources {
  sources: LogSource[];
  /** Where the lines come from, for people: "from the reporting schema, loaded at …" / "live from …" ('' with no source at all). */
  readFrom: string;
}

/** What the reporting schema holds for the run (null: nothing usable, e.g. no log load yet or an older schema). */
async function coverageOf(db: Db, runId: string): Promise<{ summary: CoverageRow; rows: CoverageRow[] } | null> {
  let rows: CoverageRow[];
  try {
    rows = await db.query<CoverageRow>(sqlText('etl/logs_coverage'), [runId]);
  } catch {
    return null; // a schema before the log load (013): live
  }
  const summary = rows.find((r) => r.name === 'logs');
  if (!summary?.last_success_at || !summary.position) return null;
  // The run must have been loaded before the last log load (its records are resolved then).
  const loadedAt = rows[0]?.run_loaded_at ?? null;
  if (!loadedAt || Date.parse(loadedAt) > Date.parse(summary.last_success_at)) return null;
  return { summary, rows };
}

/**
 * The sources to read a run's logs from: for each kind the reporting schema holds for the
 * query's window, the reporting schema instead of the live sources of that kind; the rest
 * live. `live: true` (or no reporting database) keeps the live sources.
 */
export async function chooseLogSources(
  reporting: Db | null,
  run: Pick<RunSummary, 'run_id' | 'run_req_id' | 'scenario_id'>,
  query: RunLogQuery,
  live: readonly LogSource[],
  only?: LogSourceKind,
): Promise<ChosenSources> {
  const liveText = (sources: readonly LogSource[]): string => (sources.length === 0 ? '' : `live from ${sources.map((s) => (s.kind === 'files' ? `files ${s.label}` : s.label)).join('; ')}`);
  const c = reporting ? await coverageOf(reporting, run.run_id) : null;
  if (!reporting || !c) return { sources: [...live], readFrom: liveText(live) };
  const position = c.summary.position as SummaryPosition;
  const regions = new Map<string, string>();
  for (const r of c.rows) {
    const m = /^logs:cloudwatch:([^:]+):(.+)$/.exec(r.name);
    if (m) regions.set(m[2], m[1]);
  }
  const fromReporting: LogSource[] = [];
  const kinds = LOG_SOURCE_KINDS.filter((k) => !only || k === only);
  for (const kind of kinds) {
    const k = position[kind];
    if (!k || k.through < query.to || (k.from !== null && k.from > query.from)) continue;
    fromReporting.push(new ReportingLogSource(reporting, kind, run, c.summary.last_success_at as Iso, regions, k));
  }
  if (fromReporting.length === 0) return { sources: [...live], readFrom: liveText(live) };
  const rest = live.filter((s) => !fromReporting.some((r) => r.kind === s.kind));
  const loaded = `from the reporting schema, loaded at ${utc(c.summary.last_success_at as Iso)} (${fromReporting.map((s) => (s.kind === 'files' ? 'files' : 'CloudWatch')).join(' and ')})`;
  return { sources: [...fromReporting, ...rest], readFrom: rest.length > 0 ? `${loaded}; ${liveText(rest)}` : loaded };
}
