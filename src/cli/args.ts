/**
 * Command-line parsing: where the command is, then its options (each command lists the ones
 * it takes: src/cli/options.ts) and its positionals. An option the command does not take is
 * bad input, with the nearest one it does take as a suggestion; every value is checked here,
 * before anything is opened.
 */
import { UserError } from '../core/errors';

export const NAME = 'clearsight-rca';

/** An option without a value: `--json`. */
export interface FlagOption {
  readonly kind: 'flag';
  readonly name: string;
  /** What it does, for the command's help. */
  readonly about: string;
}

/** An option with a value: `--limit N`. */
export interface ValueOption<T = unknown> {
  readonly kind: 'value';
  readonly name: string;
  /** The value's placeholder in help: N, ISO, URL. */
  readonly arg: string;
  readonly about: string;
  /** It may be given more than once (the values joined with a newline). */
  readonly repeatable?: boolean;
  /** The variable read without the flag, by `valueOrEnv` (others are read by the code that uses them). */
  readonly variable?: string;
  /** Checks a value (`what` names where it came from: `--limit`, a variable) and returns it typed; bad input throws a UserError. */
  readonly parse: (text: string, what: string) => T;
}

export type CliOption = FlagOption | ValueOption;

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  /** The options given: a value, or true for a flag (the values of a repeatable option joined with a newline). */
  flags: Map<string, string | true>;
}

const isOption = (a: string): boolean => a.startsWith('-') && a.length > 1 && a !== '--';

/**
 * The index of the command's name in argv (-1: none): the first argument that is neither an
 * option nor an option's value. Options before it are looked up with `optionNamed` (to know
 * which take a value); one it does not know is bad input.
 */
export function commandIndex(argv: readonly string[], optionNamed: (name: string) => CliOption | undefined, known: () => readonly CliOption[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!isOption(a)) return i;
    if (a === '-h' || a.includes('=')) continue;
    const name = a.startsWith('--') ? a.slice(2) : a;
    const option = optionNamed(name);
    if (!option) throw unknownOption(a, undefined, known());
    if (option.kind === 'value') i++;
  }
  return -1;
}

/** Parses a command's arguments (argv without the command's name) with the options it takes. */
export function parseArgs(argv: readonly string[], options: readonly CliOption[], command?: string): ParsedArgs {
  const byName = new Map(options.map((o) => [o.name, o]));
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h' && byName.has('help')) {
      flags.set('help', true);
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const option = byName.get(name);
      if (!option) throw unknownOption(`--${name}`, command, options);
      if (option.kind === 'flag') {
        if (eq >= 0) throw new UserError(`option --${name} takes no value`);
        flags.set(name, true);
      } else {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UserError(`option --${name} needs a value`);
        const prev = flags.get(name);
        flags.set(name, option.repeatable && typeof prev === 'string' ? `${prev}\n${value}` : value);
      }
    } else if (isOption(a)) {
      throw unknownOption(a, command, options);
    } else {
      positionals.push(a);
    }
  }
  // Every value is checked now, before anything is opened (commands read them with value()).
  for (const o of options) {
    const v = flags.get(o.name);
    if (o.kind === 'value' && typeof v === 'string') for (const one of o.repeatable ? v.split('\n') : [v]) o.parse(one, `--${o.name}`);
  }
  return { command, positionals, flags };
}

/** An option the command does not take (bad input); `takenBy` names the commands that do take it. */
export class UnknownOptionError extends UserError {
  constructor(
    readonly given: string,
    readonly command: string | undefined,
    readonly options: readonly CliOption[],
    readonly takenBy: readonly string[] = [],
  ) {
    // "unknown option --bacth-size for etl: did you mean --batch-size? (see clearsight-rca help etl)"
    const near = given.startsWith('--') ? nearest(given.slice(2), options.map((o) => o.name)) : undefined;
    const hint = near ? `: did you mean --${near}?` : '';
    const names = takenBy.length > 3 ? [...takenBy.slice(0, 3), `${takenBy.length - 3} other commands`] : takenBy;
    const others = names.length > 0 && !near ? `${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ` : ''}${names.at(-1)} take${takenBy.length > 1 ? '' : 's'} it; ` : '';
    super(`unknown option ${given}${command ? ` for ${command}` : ''}${hint} (${others}see ${NAME} ${command ? `help ${command}` : '--help'})`);
  }
}

function unknownOption(given: string, command: string | undefined, options: readonly CliOption[]): UserError {
  return new UnknownOptionError(given, command, options);
}

/**
 * The name nearest to a mistyped one: at most one edit away for a short name, two for a
 * longer one (a letter left out, added, changed, or two swapped), or one it begins; the
 * first of equals.
 */
export function nearest(typed: string, names: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = typed.length >= 3 && name.startsWith(typed) ? 1 : editDistance(typed, name);
    if (d <= (typed.length < 5 ? 1 : 2) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** Edits from a to b: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Where a command writes: stdout (results), stderr (messages), and the environment. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** An option's value as given, unchecked (for options read with their variable: connect.ts, logSources.ts, privacy.ts). */
export function str(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function need(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length < count) throw new UserError(`missing argument: ${usage}`);
  if (positionals.length > count) throw new UserError(`unexpected argument '${positionals[count]}': ${usage}`);
  return positionals;
}
