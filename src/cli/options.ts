/**
 * The options of the CLI, declared once each: its name, what it takes, its line in a
 * command's help and the check of its value. A command lists the options it takes
 * (src/cli/commands/*.ts); the options more than one command takes live here, in groups.
 * The parser (args.ts) refuses an option the command does not list, and checks every value
 * given before anything is opened; a command reads the checked, typed value with `value()`.
 */
import { parseIsoArg } from '../core/time';
import type { Iso } from '../core/types';
import { UserError } from '../core/errors';
import type { CliOption, FlagOption, ParsedArgs, ValueOption } from './args';

export function flag(name: string, about: string): FlagOption {
  return { kind: 'flag', name, about };
}

/** A value taken as given (checked by the code that reads it, with its variable). */
export function text(name: string, arg: string, about: string, o: { repeatable?: boolean } = {}): ValueOption<string> {
  return { kind: 'value', name, arg, about, ...o, parse: (v) => v };
}

/** A whole number in [min, max] from a flag or a variable (`what` names it); anything else is bad input. */
function wholeNumber(v: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) throw new UserError(`${what}: expected a whole number from ${min} to ${max}, got '${v}'`);
  return Number(v);
}

export function whole(name: string, arg: string, min: number, max: number, about: string, variable?: string): ValueOption<number> {
  return { kind: 'value', name, arg, about, ...(variable ? { variable } : {}), parse: (v, what) => wholeNumber(v, what, min, max) };
}

/** An ISO date or date-time, normalised (core/time.ts parseIsoArg). */
export function isoDate(name: string, about: string): ValueOption<Iso> {
  return {
    kind: 'value',
    name,
    arg: 'ISO',
    about,
    parse: (v, what) => {
      const iso = parseIsoArg(v);
      if (!iso) throw new UserError(`${what}: not an ISO date/time: '${v}'`);
      return iso;
    },
  };
}

/** One of a fixed list of words. */
export function choice<const C extends string>(name: string, choices: readonly C[], about: string): ValueOption<C> {
  const list = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  return {
    kind: 'value',
    name,
    arg: choices.join('|'),
    about,
    parse: (v, what) => {
      if (!(choices as readonly string[]).includes(v)) throw new UserError(`${what}: expected ${list}, got '${v}'`);
      return v as C;
    },
  };
}

/** Whether a flag was given. */
export function has(args: ParsedArgs, option: FlagOption): boolean {
  return args.flags.has(option.name);
}

/** An option's value, checked and typed; undefined when not given. */
export function value<T>(args: ParsedArgs, option: ValueOption<T>): T | undefined {
  const v = args.flags.get(option.name);
  return typeof v === 'string' ? option.parse(v, `--${option.name}`) : undefined;
}

/** An option's value or, without the flag, its variable's (empty = unset); bad input either way. */
export function valueOrEnv<T>(args: ParsedArgs, env: NodeJS.ProcessEnv, option: ValueOption<T>): T | undefined {
  const fromFlag = value(args, option);
  if (fromFlag !== undefined || !option.variable) return fromFlag;
  const v = env[option.variable];
  return v === undefined || v.trim() === '' ? undefined : option.parse(v, option.variable);
}

/** The options of several groups, each once (the same option may be in two groups: --region). */
export function optionList(...groups: ReadonlyArray<CliOption | readonly CliOption[]>): readonly CliOption[] {
  const out: CliOption[] = [];
  for (const o of groups.flat()) {
    const same = out.find((x) => x.name === o.name);
    if (same === o) continue;
    if (same) throw new Error(`option --${o.name} is declared twice`);
    out.push(o);
  }
  return out;
}

// ---- Taken by every command (the parser adds them).
export const JSON_OPTION = flag('json', 'JSON on stdout (messages stay on stderr)');
export const HELP = flag('help', "this command's help (also -h)");
export const COMMON_OPTIONS: readonly CliOption[] = [JSON_OPTION, HELP];

// ---- Connections (src/cli/connect.ts reads them, with their variables).
export const PROD = text('prod', 'URL', 'production, opened read-only (CLEARSIGHT_PROD_URL)');
export const REPORTING = text('reporting', 'URL', 'the database holding the reporting schema (CLEARSIGHT_REPORTING_URL)');
export const DEMO = flag('demo', 'the embedded demo database');
export const STATEMENT_TIMEOUT = whole('statement-timeout', 'MS', 0, 86_400_000, 'per statement (CLEARSIGHT_STATEMENT_TIMEOUT_MS, default 30000; 0 = none)', 'CLEARSIGHT_STATEMENT_TIMEOUT_MS');
const AUTH = text('auth', 'password|aws-iam', 'aws-iam: an RDS IAM token for --prod, SSL required (CLEARSIGHT_AUTH)');
const REGION = text('region', 'R', 'the AWS region: RDS IAM tokens, CloudWatch Logs (AWS_REGION)');
const PROFILE = text('profile', 'P', 'the AWS profile (else the standard AWS credential chain)');
export const CONNECTION_OPTIONS: readonly CliOption[] = [PROD, REPORTING, DEMO, STATEMENT_TIMEOUT, AUTH, REGION, PROFILE];

/** Where analyses read: the commands that run on the engine. */
export const SOURCE = choice('source', ['prod', 'reporting', 'auto'], 'where analyses read (default auto: the reporting schema, production for newer ids)');
export const ENGINE_OPTIONS: readonly CliOption[] = optionList(SOURCE, CONNECTION_OPTIONS);

// ---- The ETL's tuning (etl, serve).
export const BATCH_SIZE = whole('batch-size', 'N', 100, 100_000, 'rows per extract batch (default 5000)');
export const OVERLAP = whole('overlap', 'MINUTES', 0, 10_080, 'incremental: reload from MINUTES before the watermark (default 10)');
/** etl --full: this refresh prunes; serve: monthly, 90 days unless given (0 or off: never; etl refuses them). */
export const RETAIN_DAYS: ValueOption<number> = {
  kind: 'value',
  name: 'retain-days',
  arg: 'N',
  about: 'facts older than N days go to the archive and daily aggregates (etl: with --full; serve: monthly, default 90, 0 or off: never)',
  parse: (v, what) => (/^\s*(?:0+|off)\s*$/i.test(v) ? 0 : wholeNumber(v, what, 1, 36_500)),
};
export const ETL_OPTIONS: readonly CliOption[] = [BATCH_SIZE, OVERLAP, RETAIN_DAYS];

/** The privacy of the reporting copy (etl, serve): src/cli/privacy.ts reads them. */
export const PRIVACY_OPTIONS: readonly CliOption[] = [
  flag('pseudonymise-users', 'user ids → keyed pseudonyms (key: CLEARSIGHT_PSEUDONYM_KEY or --pseudonym-key-file)'),
  text('pseudonym-key-file', 'FILE', 'the pseudonym key: the first line of FILE (CLEARSIGHT_PSEUDONYM_KEY_FILE)'),
  flag('no-input-values', 'input hashes and changed paths only, no values'),
];

export const SINCE = isoDate('since', 'from this date/time on');
/** etl: one scenario's whole history (src/etl/etl.ts scenarioId). */
export const SCENARIO_ID = text('scenario-id', 'ID', "load one scenario's whole history; the watermark stays");
export const MAX_AGE = whole('max-age', 'MIN', 1, 10_080, 'health: data older than MIN minutes is a warning');

// ---- Log sources (logs, report, serve): src/cli/logSources.ts reads them, with their variables.
export const LOG_SOURCE_OPTIONS: readonly CliOption[] = optionList(
  text('logs-path', 'GLOB', 'log files (repeatable; CLEARSIGHT_LOGS_PATHS, one per line)', { repeatable: true }),
  text('log-group', 'NAME', 'a CloudWatch log group (repeatable; CLEARSIGHT_LOG_GROUPS)', { repeatable: true }),
  text('log-group-prefix', 'P', 'every CloudWatch log group starting with P (CLEARSIGHT_LOG_GROUP_PREFIX)'),
  REGION,
  PROFILE,
);
/** etl, serve: how far back the first load of a CloudWatch log group reads. */
export const CLOUDWATCH_DAYS = whole('cloudwatch-days', 'N', 1, 3650, 'the first load of a CloudWatch log group reads N days back (default 7)');
export const MARGIN = whole('margin', 'MINUTES', 0, 10_080, "around the run's window (CLEARSIGHT_LOGS_MARGIN_MINUTES, default 10)", 'CLEARSIGHT_LOGS_MARGIN_MINUTES');

/** Power BI settings (report, demo): src/cli/connect.ts powerBi() reads them, with their variables. */
export const POWER_BI_OPTIONS: readonly CliOption[] = [
  text('powerbi-url', 'URL', 'the Power BI report (CLEARSIGHT_POWERBI_URL)'),
  text('powerbi-page', 'NAME', 'its page (CLEARSIGHT_POWERBI_PAGE)'),
  text('scenario-field', 'Table/Field', 'the scenario filter (CLEARSIGHT_POWERBI_SCENARIO_FIELD, default dim_scenario/scenario_id)'),
  text('run-field', 'Table/Field', 'the run filter (CLEARSIGHT_POWERBI_RUN_FIELD, default dim_run/run_id)'),
];
