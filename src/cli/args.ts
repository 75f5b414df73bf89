/** Command-line parsing: flags (the same for every command), positionals, typed flag readers. */
import { parseIsoArg } from '../core/time';
import { UserError } from '../db/db';

export const NAME = 'clearsight-rca';

/** Flags that take a value, and boolean flags. */
const VALUE_FLAGS = new Set([
  'max-age',
  'every',
  'full-at',
  'tz',
  'retries',
  'alert-webhook',
  'retain-days',
  'port',
  'host',
  'token-file',
  'rate-limit',
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
  'auth',
  'out',
  'server',
  'port',
  'database',
  'pbip',
  'pseudonym-key-file',
]);
/** Value flags that may be given more than once (values joined with a newline). */
const MULTI_FLAGS = new Set(['logs-path', 'log-group']);
const BOOL_FLAGS = new Set(['json', 'demo', 'full', 'incremental', 'help', 'partitioned', 'verify', 'pseudonymise-users', 'no-input-values', 'force']);

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

/** Where a command writes: stdout (results), stderr (messages), and the environment. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export function str(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A whole number in [min, max] from a flag or a variable (`what` names it); anything else is bad input. */
export function wholeNumber(v: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) throw new UserError(`${what}: expected a whole number from ${min} to ${max}, got '${v}'`);
  return Number(v);
}

export function intFlag(flags: ParsedArgs['flags'], name: string, min: number, max: number): number | undefined {
  const v = str(flags, name);
  return v === undefined ? undefined : wholeNumber(v, `--${name}`, min, max);
}

/** A whole number from a flag or, without the flag, its variable (empty = unset); bad input either way. */
export function intOption(args: ParsedArgs, env: NodeJS.ProcessEnv, name: string, variable: string, min: number, max: number): number | undefined {
  const fromFlag = intFlag(args.flags, name, min, max);
  if (fromFlag !== undefined) return fromFlag;
  const v = env[variable];
  return v === undefined || v.trim() === '' ? undefined : wholeNumber(v, variable, min, max);
}

export function isoFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  const iso = parseIsoArg(v);
  if (!iso) throw new UserError(`--${name}: not an ISO date/time: '${v}'`);
  return iso;
}

export function need(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length < count) throw new UserError(`missing argument: ${usage}`);
  if (positionals.length > count) throw new UserError(`unexpected argument '${positionals[count]}': ${usage}`);
  return positionals;
}
