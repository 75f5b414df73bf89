#!/usr/bin/env node
/**
 * `clearsight-rca`: the engine on the command line (contract: shared/clearsight/cli-contract.md).
 * JSON goes to stdout, messages to stderr. Exit codes: 0 success, 1 bad input, 2 cannot
 * connect / database error. Never a stack trace, never a password.
 */
import { summarizeValue } from './core/jsonDiff';
import { formatDuration, parseIsoArg } from './core/time';
import type { RunDiff, RunInfo, ScenarioListItem, Snapshot, TimelineEvent, InputChange } from './core/types';
import { UserError, type Db } from './db/db';
import { PgDb, redact } from './db/pgDb';
import { demoLogsFolder, openDemo } from './demo/demoDb';
import { Analyses, requireUuid } from './engine/analyses';
import { Engine, type SourceChoice } from './engine/engine';
import { evidenceLines, explainText } from './core/culprit/describe';
import { bookmark, rcaNote, reportUrl, resolveSubject, type PowerBiSettings } from './engine/reports';
import { runEtl, type EtlMode } from './etl/etl';
import { logSources, runLogs } from './engine/diagnostics';
import { formatLogLines } from './logs/format';
import { capMessage, logLineJson } from './logs/search';
import { CloudWatchLogSource } from './logs/cloudwatch';
import { LOG_SOURCE_KINDS, type LogSource, type LogSourceKind } from './logs/types';

const NAME = 'clearsight-rca';

const USAGE = `usage: ${NAME} <command> [options]

commands:
  etl [--full | --incremental] [--since ISO]   load the reporting schema from production
      [--partitioned]                          (when it creates the schema: facts partitioned by month)
  scenarios [--status S] [--search TEXT] [--failed-since ISO] [--limit N]
  timeline SCENARIO_ID                         lifecycle, input changes, runs, failed node calcs
  changes SCENARIO_ID                          input changes (saves repeating a hash left out)
  snapshot RUN_ID                              the inputs in force when the run started
  diff RUN_A RUN_B | diff --scenario SCENARIO_ID  changed inputs, most likely cause first
  explain RUN_ID                               a failed run's likely causes with their evidence
  runinfo ID                                   what an id is (run, scenario, request)
  report ID --format markdown|bookmark|url     RCA note, Power BI bookmark or report URL
  signatures [--since ISO]                     failure texts grouped by error signature
  logs RUN_ID [--source files|cloudwatch]      the run's log lines, time order
      [--logs-path GLOB]... [--margin MINUTES] [--limit N]
      [--log-group NAME]... [--log-group-prefix P] [--region R] [--profile P]
  demo                                         seed the demo, run the ETL, investigate a failure

connections:
  --prod URL        (CLEARSIGHT_PROD_URL)       production, opened read-only
  --reporting URL   (CLEARSIGHT_REPORTING_URL)  the database holding the reporting schema
  --demo                                        the embedded demo database
  --source prod|reporting|auto                  where analyses read (default auto)
  --statement-timeout MS (CLEARSIGHT_STATEMENT_TIMEOUT_MS, default 30000)

power bi (report):
  --powerbi-url URL (CLEARSIGHT_POWERBI_URL)   --powerbi-page NAME (CLEARSIGHT_POWERBI_PAGE)
  --scenario-field Table/Field (CLEARSIGHT_POWERBI_SCENARIO_FIELD, default dim_scenario/scenario_id)
  --run-field Table/Field (CLEARSIGHT_POWERBI_RUN_FIELD, default dim_run/run_id)

other: --json  --batch-size N  --overlap MINUTES  --help`;

/** Flags that take a value, and boolean flags. */
const VALUE_FLAGS = new Set([
  'prod',
  'reporting',
  'source',
  'statement-timeout',
  'status',
  'search',
  'failed-since',
  'limit',
  'since',
  'scenario',
  'format',
  'powerbi-url',
  'powerbi-page',
  'scenario-field',
  'run-field',
  'batch-size',
  'overlap',
  'logs-path',
  'margin',
  'log-group',
  'log-group-prefix',
  'region',
  'profile',
]);
/** Value flags that may be given more than once (values joined with a newline). */
const MULTI_FLAGS = new Set(['logs-path', 'log-group']);
const BOOL_FLAGS = new Set(['json', 'demo', 'full', 'incremental', 'help', 'partitioned']);

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (BOOL_FLAGS.has(name)) {
        if (eq >= 0) throw new UserError(`option --${name} takes no value`);
        flags.set(name, true);
      } else if (VALUE_FLAGS.has(name)) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UserError(`option --${name} needs a value`);
        const prev = flags.get(name);
        flags.set(name, MULTI_FLAGS.has(name) && typeof prev === 'string' ? `${prev}\n${value}` : value);
      } else {
        throw new UserError(`unknown option --${name} (see ${NAME} --help)`);
      }
    } else if (a === '-h') {
      flags.set('help', true);
    } else if (a.startsWith('-') && a.length > 1) {
      throw new UserError(`unknown option ${a} (see ${NAME} --help)`);
    } else {
      positionals.push(a);
    }
  }
  return { command: positionals.shift(), positionals, flags };
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

function str(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

function intFlag(flags: ParsedArgs['flags'], name: string, min: number, max: number): number | undefined {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UserError(`--${name}: expected a whole number from ${min} to ${max}, got '${v}'`);
  return Number(v);
}

function isoFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  const iso = parseIsoArg(v);
  if (!iso) throw new UserError(`--${name}: not an ISO date/time: '${v}'`);
  return iso;
}

function need(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length < count) throw new UserError(`missing argument: ${usage}`);
  if (positionals.length > count) throw new UserError(`unexpected argument '${positionals[count]}': ${usage}`);
  return positionals;
}

/** The databases a command works on; close() closes what was opened. */
interface Connections {
  prod: Db;
  reporting: Db | null;
  demo: boolean;
  close(): Promise<void>;
}

async function connect(args: ParsedArgs, io: Io): Promise<Connections> {
  const timeout = intFlag(args.flags, 'statement-timeout', 0, 86_400_000) ?? (io.env.CLEARSIGHT_STATEMENT_TIMEOUT_MS ? Number(io.env.CLEARSIGHT_STATEMENT_TIMEOUT_MS) : 30_000);
  const prodUrl = str(args.flags, 'prod') ?? io.env.CLEARSIGHT_PROD_URL;
  const reportingUrl = str(args.flags, 'reporting') ?? io.env.CLEARSIGHT_REPORTING_URL;
  const demo = args.flags.has('demo') || (!prodUrl && !reportingUrl);
  if (demo) {
    if (prodUrl || reportingUrl) throw new UserError('--demo cannot be combined with --prod or --reporting');
    if (!args.flags.has('demo')) io.err(`${NAME}: no database configured (--prod / CLEARSIGHT_PROD_URL): using the embedded demo database`);
    const db = await openDemo({ onProgress: (m) => io.err(`${NAME}: ${m}`) });
    return { prod: db, reporting: db, demo: true, close: () => db.close() };
  }
  if (!prodUrl) throw new UserError('no production database: pass --prod URL or set CLEARSIGHT_PROD_URL');
  const warn = (m: string): void => io.err(`${NAME}: warning: ${m}`);
  const prod = new PgDb({ url: prodUrl, readOnly: true, statementTimeoutMs: timeout, onWarning: warn });
  const reporting = reportingUrl ? new PgDb({ url: reportingUrl, readOnly: false, statementTimeoutMs: timeout, onWarning: warn }) : null;
  return {
    prod,
    reporting,
    demo: false,
    close: async () => {
      await prod.close();
      await reporting?.close();
    },
  };
}

function powerBi(args: ParsedArgs, env: NodeJS.ProcessEnv): PowerBiSettings {
  return {
    reportUrl: str(args.flags, 'powerbi-url') ?? env.CLEARSIGHT_POWERBI_URL,
    page: str(args.flags, 'powerbi-page') ?? env.CLEARSIGHT_POWERBI_PAGE,
    scenarioField: str(args.flags, 'scenario-field') ?? env.CLEARSIGHT_POWERBI_SCENARIO_FIELD,
    runField: str(args.flags, 'run-field') ?? env.CLEARSIGHT_POWERBI_RUN_FIELD,
  };
}

// ---------- human-readable output ----------

function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.min(60, Math.max(...all.map((r) => (r[i] ?? '').length))));
  const line = (r: string[]): string =>
    r
      .map((c, i) => {
        const t = (c ?? '').replace(/\s+/g, ' ');
        return (t.length > widths[i] ? `${t.slice(0, widths[i] - 1)}…` : t).padEnd(widths[i]);
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const short = (id: string | null): string => (id ? id.slice(0, 8) : '');
const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

function printScenarios(rows: ScenarioListItem[]): string {
  if (rows.length === 0) return 'no scenarios match';
  return table(
    rows.map((r) => [r.scenario_id, r.scenario_name, r.status, r.model_name, when(r.last_run_at), r.last_run_status ?? '', `${r.failed_runs}/${r.runs}`]),
    ['scenario_id', 'name', 'status', 'model', 'last run', 'result', 'failed'],
  );
}

function printTimeline(rows: TimelineEvent[]): string {
  return table(
    rows.map((e) => [when(e.event_timestamp), e.event_type, e.event_user ?? '', e.description, short(e.run_id)]),
    ['time (UTC)', 'event', 'user', 'description', 'run'],
  );
}

function printChanges(rows: InputChange[]): string {
  if (rows.length === 0) return 'no input changes';
  return table(
    rows.map((c) => [when(c.changed_at), c.node_name, c.change_type, c.changed_by ?? '', `${c.previous_hash ?? '∅'} → ${c.current_hash ?? '∅'}`]),
    ['time (UTC)', 'node', 'change', 'by', 'hash'],
  );
}

function printSnapshot(s: Snapshot): string {
  const head = `run ${s.run_id} at ${when(s.run_at)} (scenario ${s.scenario_id})`;
  return `${head}\n${table(
    s.nodes.map((n) => [n.node_name, n.node_type, n.input_hash ?? '—', when(n.saved_at), n.input_data === null || n.input_data === undefined ? '' : JSON.stringify(n.input_data)]),
    ['node', 'type', 'hash', 'saved', 'value'],
  )}`;
}

function printDiff(d: RunDiff): string {
  const out = [
    `A: run ${d.run_a.run_id} ${d.run_a.run_status} at ${when(d.run_a.run_at)}`,
    `B: run ${d.run_b.run_id} ${d.run_b.run_status} at ${when(d.run_b.run_at)}`,
    '',
  ];
  if (d.changed.length === 0) out.push('no input changed');
  for (const c of d.changed) {
    out.push(`changed: ${c.node_name}${c.failed_in_b ? '  (failed in B)' : ''}  score ${c.score}`, ...evidenceLines(c.evidence, '  '));
    const show = (v: unknown): string => (v === undefined ? '∅' : summarizeValue(v));
    for (const p of c.path_changes.slice(0, 10)) out.push(`  ${p.path}: ${show(p.before)} → ${show(p.after)}`);
    if (c.path_changes.length > 10) out.push(`  … ${c.path_changes.length - 10} more paths`);
  }
  for (const n of d.added) out.push(`added: ${n.node_name}  score ${n.score}`, ...evidenceLines(n.evidence, '  '));
  for (const n of d.removed) out.push(`removed: ${n.node_name}  score ${n.score}`, ...evidenceLines(n.evidence, '  '));
  out.push(`unchanged: ${d.unchanged_count} nodes`);
  for (const c of d.calc) out.push(`calc: ${c.node_name}: ${c.status_a ?? '—'} → ${c.status_b ?? '—'}${c.fail_reason_b ? `: ${c.fail_reason_b}` : ''}`);
  return out.join('\n');
}

function printRunInfo(r: RunInfo): string {
  switch (r.kind) {
    case 'run': {
      const x = r.run;
      const lines = [
        `run ${x.run_id}: ${x.run_status}`,
        `scenario: ${x.scenario_name} (${x.scenario_id})`,
        `started ${when(x.run_at)} by ${x.run_by ?? '?'}; duration ${formatDuration(x.duration_ms)}`,
      ];
      if (x.fail_reason) lines.push(`fail reason: ${x.fail_reason}`);
      for (const n of r.failed_nodes) lines.push(`failed node: ${n.node_name}${n.fail_reason ? `: ${n.fail_reason}` : ''}`);
      return lines.join('\n');
    }
    case 'scenario':
      return `scenario ${r.id}: ${r.scenario.scenario_name} (${r.scenario.status}, model ${r.scenario.model_name}); last run ${r.scenario.last_run_status ?? 'none'} ${when(r.scenario.last_run_at)}`;
    case 'request':
      return [`request ${r.id}:`, ...r.matches.map((m) => `  ${m.what} ${when(m.at)} ${m.user ?? ''} scenario ${m.scenario_name}${m.node_name ? ` node ${m.node_name}` : ''}${m.run_id ? ` run ${m.run_id}` : ''}`)].join('\n');
    case 'unknown':
      return `${r.id}: not a known run, scenario or request id`;
  }
}

// ---------- commands ----------

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let conns: Connections | undefined;
  try {
    const args = parseArgs(argv);
    if (args.flags.has('help') || !args.command || args.command === 'help') {
      io.out(USAGE);
      return args.command || args.flags.has('help') ? 0 : 1;
    }
    const json = args.flags.has('json');
    const emit = (value: unknown, human: () => string): void => io.out(json ? JSON.stringify(value, null, 2) : human());
    const known = ['etl', 'scenarios', 'timeline', 'changes', 'snapshot', 'diff', 'explain', 'runinfo', 'report', 'signatures', 'logs', 'demo'];
    if (!known.includes(args.command)) throw new UserError(`unknown command '${args.command}' (see ${NAME} --help)`);

    // Validate arguments before connecting: bad input never waits for a server.
    const p = args.positionals;
    switch (args.command) {
      case 'timeline':
      case 'changes':
        requireUuid(need(p, 1, `${args.command} SCENARIO_ID`)[0], 'scenario id');
        break;
      case 'snapshot':
        requireUuid(need(p, 1, 'snapshot RUN_ID')[0], 'run id');
        break;
      case 'explain':
        requireUuid(need(p, 1, 'explain RUN_ID')[0], 'run id');
        break;
      case 'runinfo':
        requireUuid(need(p, 1, 'runinfo ID')[0]);
        break;
      case 'report': {
        requireUuid(need(p, 1, 'report ID --format markdown|bookmark|url')[0]);
        const f = str(args.flags, 'format') ?? 'markdown';
        if (!['markdown', 'bookmark', 'url'].includes(f)) throw new UserError(`--format: expected markdown, bookmark or url, got '${f}'`);
        break;
      }
      case 'diff':
        if (args.flags.has('scenario')) {
          need(p, 0, 'diff --scenario SCENARIO_ID');
          requireUuid(str(args.flags, 'scenario')!, 'scenario id');
        } else {
          need(p, 2, 'diff RUN_A RUN_B | diff --scenario SCENARIO_ID').forEach((x) => requireUuid(x, 'run id'));
        }
        break;
      case 'etl':
        need(p, 0, 'etl [--full | --incremental] [--since ISO] [--partitioned]');
        if (args.flags.has('full') && args.flags.has('incremental')) throw new UserError('choose one of --full and --incremental');
        isoFlag(args.flags, 'since');
        break;
      case 'scenarios':
        need(p, 0, 'scenarios [--status S] [--search TEXT] [--failed-since ISO] [--limit N]');
        isoFlag(args.flags, 'failed-since');
        intFlag(args.flags, 'limit', 1, 10_000);
        break;
      case 'signatures':
        need(p, 0, 'signatures [--since ISO]');
        isoFlag(args.flags, 'since');
        break;
      case 'demo':
        need(p, 0, 'demo');
        break;
      case 'logs':
        validateLogsArgs(args);
        break;
    }

    if (args.command === 'demo') return await demo(args, io);

    conns = await connect(args, io);
    if (args.command === 'etl') {
      if (!conns.reporting) throw new UserError('etl needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
      const mode: EtlMode = args.flags.has('full') ? 'full' : 'incremental';
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const r = await runEtl({
          source: conns.prod,
          target: conns.reporting,
          mode,
          since: str(args.flags, 'since'),
          batchSize: intFlag(args.flags, 'batch-size', 100, 100_000),
          overlapMinutes: intFlag(args.flags, 'overlap', 0, 10_080),
          partitioned: args.flags.has('partitioned'),
          signal: controller.signal,
          onProgress: (pr) => {
            if (pr.message && io.env.CLEARSIGHT_ETL_VERBOSE) io.err(`${NAME}: etl: ${pr.message}`);
          },
        });
        const { mode: m, extracted, loaded, watermark, duration_ms } = r;
        emit({ mode: m, extracted, loaded, watermark, duration_ms }, () =>
          [
            `etl ${m}: done in ${formatDuration(duration_ms)}; watermark ${watermark ?? '(none)'}`,
            `extracted: ${Object.entries(extracted).map(([t, n]) => `${t} ${n}`).join(', ')}`,
            `loaded: ${Object.entries(loaded).map(([t, n]) => `${t} ${n}`).join(', ')}`,
          ].join('\n'),
        );
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      return 0;
    }

    if (args.command === 'logs') return await logsCommand(args, conns, io, emit);

    const choice = (str(args.flags, 'source') ?? 'auto') as SourceChoice;
    if (!['prod', 'reporting', 'auto'].includes(choice)) throw new UserError(`--source: expected prod, reporting or auto, got '${choice}'`);
    const a = await Engine.create(conns.prod, conns.reporting, choice);
    switch (args.command) {
      case 'scenarios': {
        const rows = await a.primary.scenarios({
          status: str(args.flags, 'status'),
          search: str(args.flags, 'search'),
          failedSince: isoFlag(args.flags, 'failed-since'),
          limit: intFlag(args.flags, 'limit', 1, 10_000) ?? 50,
        });
        emit(
          rows.map((r) => ({
            scenario_id: r.scenario_id,
            scenario_name: r.scenario_name,
            status: r.status,
            model_name: r.model_name,
            last_run_at: r.last_run_at,
            last_run_status: r.last_run_status,
            runs: r.runs,
            failed_runs: r.failed_runs,
          })),
          () => printScenarios(rows),
        );
        return 0;
      }
      case 'timeline': {
        const rows = await a.read((x) => x.timeline(p[0]));
        emit(
          rows.map((e) => ({
            event_type: e.event_type,
            event_timestamp: e.event_timestamp,
            event_user: e.event_user,
            node_id: e.node_id,
            node_name: e.node_name,
            run_id: e.run_id,
            request_id: e.request_id,
            description: e.description,
            details: e.details,
          })),
          () => printTimeline(rows),
        );
        return 0;
      }
      case 'changes': {
        const rows = await a.read((x) => x.changes(p[0]));
        emit(
          rows.map((c) => ({
            node_id: c.node_id,
            node_name: c.node_name,
            changed_at: c.changed_at,
            changed_by: c.changed_by,
            previous_hash: c.previous_hash,
            current_hash: c.current_hash,
            change_type: c.change_type,
          })),
          () => printChanges(rows),
        );
        return 0;
      }
      case 'snapshot': {
        const s = await a.read((x) => x.snapshot(p[0]));
        emit(
          {
            run_id: s.run_id,
            scenario_id: s.scenario_id,
            run_at: s.run_at,
            nodes: s.nodes.map((n) => ({
              node_id: n.node_id,
              node_name: n.node_name,
              node_type: n.node_type,
              input_hash: n.input_hash,
              input_data: n.input_data ?? null,
            })),
          },
          () => printSnapshot(s),
        );
        return 0;
      }
      case 'diff': {
        const scenario = str(args.flags, 'scenario');
        const d = await a.read((x) => (scenario ? x.diffScenario(scenario) : x.diff(p[0], p[1])));
        emit(d, () => printDiff(d));
        return 0;
      }
      case 'explain': {
        const x = await a.read((e) => e.explain(p[0]));
        emit(x, () => explainText(x));
        return 0;
      }
      case 'runinfo': {
        const info = await a.runInfo(p[0]);
        emit(info, () => printRunInfo(info));
        return 0;
      }
      case 'signatures': {
        const rows = await a.primary.signatures(isoFlag(args.flags, 'since'));
        emit(rows, () =>
          rows.length === 0
            ? 'no failed runs'
            : table(
                rows.map((s) => [String(s.count), s.category, s.signature, String(s.scenario_ids.length), when(s.last_seen)]),
                ['count', 'category', 'signature', 'scenarios', 'last seen'],
              ),
        );
        return 0;
      }
      case 'report': {
        const format = str(args.flags, 'format') ?? 'markdown';
        const settings = powerBi(args, io.env);
        if (format === 'markdown') {
          const logs = { sources: cliLogSources(args, conns, io), marginMinutes: marginFlag(args, io) };
          io.out(await a.read((x) => rcaNote(x, p[0], { powerBi: settings, cliName: NAME, logs })));
        } else {
          const subject = await a.read((x) => resolveSubject(x, p[0]));
          if (format === 'url') io.out(reportUrl(subject, settings));
          else io.out(JSON.stringify(bookmark(subject, settings).json, null, 2));
        }
        return 0;
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof UserError) {
      io.err(`${NAME}: ${redact(err.message)}`);
      return err.exitCode;
    }
    io.err(`${NAME}: unexpected error: ${redact(err instanceof Error ? err.message : String(err))}`);
    return 2;
  } finally {
    await conns?.close().catch(() => undefined);
  }
}

// ---------- logs ----------

function validateLogsArgs(args: ParsedArgs): void {
  requireUuid(need(args.positionals, 1, 'logs RUN_ID [--source files|cloudwatch] [--logs-path GLOB]')[0], 'run id');
  const kind = str(args.flags, 'source');
  if (kind !== undefined && !(LOG_SOURCE_KINDS as readonly string[]).includes(kind)) throw new UserError(`--source: expected files or cloudwatch, got '${kind}'`);
  intFlag(args.flags, 'margin', 0, 10_080);
  intFlag(args.flags, 'limit', 1, 100_000);
}

/**
 * The log sources the options name (`--logs-path`, `--log-group`, …, or their variables);
 * in demo mode with none named, the demo's own logs. `only` keeps one kind.
 */
function cliLogSources(args: ParsedArgs, conns: Connections, io: Io, only?: LogSourceKind): LogSource[] {
  const pathsText = str(args.flags, 'logs-path') ?? io.env.CLEARSIGHT_LOGS_PATHS;
  let paths = pathsText ? pathsText.split('\n').filter((x) => x.trim()) : [];
  const groups = (str(args.flags, 'log-group') ?? io.env.CLEARSIGHT_LOG_GROUPS ?? '').split(/\n/).filter((g) => g.trim());
  const prefix = str(args.flags, 'log-group-prefix') ?? io.env.CLEARSIGHT_LOG_GROUP_PREFIX;
  const extra: LogSource[] = [];
  if ((groups.length > 0 || prefix) && only !== 'files') {
    const region = str(args.flags, 'region') ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
    if (!region) throw new UserError('CloudWatch Logs needs a region: pass --region or set AWS_REGION');
    // The SDK's advice to upgrade Node is not this command's business: one clear line on stderr.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    extra.push(
      new CloudWatchLogSource({
        region,
        logGroups: groups,
        logGroupPrefix: prefix,
        profile: str(args.flags, 'profile'),
        endpoint: io.env.CLEARSIGHT_CLOUDWATCH_ENDPOINT || undefined,
      }),
    );
  }
  // The demo's own logs when nothing else is named.
  if (paths.length === 0 && extra.length === 0 && conns.demo && only !== 'cloudwatch') paths = [demoLogsFolder()];
  return logSources({ paths, cwd: process.cwd(), extra }, only);
}

function marginFlag(args: ParsedArgs, io: Io): number | undefined {
  return intFlag(args.flags, 'margin', 0, 10_080) ?? (io.env.CLEARSIGHT_LOGS_MARGIN_MINUTES ? Number(io.env.CLEARSIGHT_LOGS_MARGIN_MINUTES) : undefined);
}

/** `logs RUN_ID`: the run's log lines from the configured sources (the demo's logs in demo mode). */
async function logsCommand(args: ParsedArgs, conns: Connections, io: Io, emit: (value: unknown, human: () => string) => void): Promise<number> {
  const only = str(args.flags, 'source') as LogSourceKind | undefined;
  const sources = cliLogSources(args, conns, io, only);
  if (sources.length === 0) {
    throw new UserError(
      only === 'cloudwatch'
        ? 'no CloudWatch log group configured: pass --log-group NAME or --log-group-prefix PREFIX'
        : 'no log source configured: pass --logs-path GLOB (or set CLEARSIGHT_LOGS_PATHS)',
    );
  }
  const engine = await Engine.create(conns.prod, conns.reporting, 'auto');
  const controller = new AbortController();
  const stop = (): void => controller.abort(new UserError('cancelled'));
  process.once('SIGINT', stop);
  try {
    const { logs } = await runLogs(engine, args.positionals[0], sources, {
      marginMinutes: marginFlag(args, io),
      cap: intFlag(args.flags, 'limit', 1, 100_000),
      signal: controller.signal,
    });
    for (const s of logs.sources) {
      for (const n of s.notes) io.err(`${NAME}: ${s.kind}: ${n}`);
      if (s.error) io.err(`${NAME}: ${s.error}`);
    }
    const cap = capMessage(logs);
    if (cap) io.err(`${NAME}: ${cap}`);
    if (logs.sources.every((s) => s.error)) throw new UserError(logs.sources.map((s) => s.error).join('; '), 2);
    emit(logs.lines.map(logLineJson), () => (logs.lines.length === 0 ? `no log lines for run ${logs.query.run_id} between ${logs.query.from} and ${logs.query.to}` : formatLogLines(logs.lines)));
    return 0;
  } finally {
    process.off('SIGINT', stop);
  }
}

/** The README's first command: the demo end to end, in one go. */
async function demo(args: ParsedArgs, io: Io): Promise<number> {
  const db = await openDemo({ onProgress: (m) => io.err(`${NAME}: ${m}`) });
  try {
    const etl = await runEtl({ source: db, target: db, mode: 'full' });
    io.out(`# ClearSight RCA demo\n\nETL (full) in ${formatDuration(etl.duration_ms)}: ${Object.entries(etl.loaded).map(([t, n]) => `${n} ${t}`).join(', ')}\n`);
    const a = new Analyses(db, 'reporting');
    const failing = (await a.scenarios({ limit: 200 })).filter((s) => s.last_run_status === 'failed' || s.last_run_status === 'timeout');
    io.out(`## Failing scenarios (${failing.length})\n\n${printScenarios(failing.slice(0, 10))}\n`);
    const target = failing.find((s) => s.failed_runs > 0 && s.runs > s.failed_runs) ?? failing[0];
    if (target) {
      io.out(`## Investigation of "${target.scenario_name}"\n`);
      const logs = { sources: logSources({ paths: [demoLogsFolder()], cwd: process.cwd() }) };
      io.out(await rcaNote(a, target.scenario_id, { powerBi: powerBi(args, io.env), cliName: NAME, logs }));
    }
    return 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${NAME}: unexpected error: ${redact(String(err?.message ?? err))}\n`);
      process.exitCode = 2;
    },
  );
}
