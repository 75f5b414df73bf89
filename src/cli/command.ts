/**
 * One CLI command = one entry of the table (src/cli/commands.ts): its name, its lines in
 * `--help`, the checks of its arguments (run before connecting: bad input never waits for
 * a server), what it needs, and what it does, returning what to print.
 */
import { requireUuid } from '../engine/analyses';
import type { Engine } from '../engine/engine';
import { need, type Io, type ParsedArgs } from './args';
import type { Connections } from './connect';

/** What a command prints: JSON with --json, else the human text; or text whatever the flags. */
export type CommandOutput = ({ json: unknown; human: () => string } | { text: string }) & { exitCode?: 0 | 1 | 2 };

export interface CommandContext {
  args: ParsedArgs;
  io: Io;
}

export interface DatabaseContext extends CommandContext {
  conns: Connections;
}

export interface EngineContext extends DatabaseContext {
  engine: Engine;
}

interface CommandBase {
  name: string;
  /** Its lines in the usage text, as printed. */
  usage: string[];
  /** Throws a UserError for bad arguments (before any connection is opened). */
  validate(args: ParsedArgs): void;
  /** It writes the reporting schema: never on a database it picked by itself (the demo needs --demo). */
  writes?: boolean;
  /** Its output is JSON even without --json (printed as data: controls escaped, not replaced). */
  alwaysJson?(args: ParsedArgs): boolean;
}

export type CliCommand = CommandBase &
  (
    | { needs: 'nothing'; run(ctx: CommandContext): Promise<CommandOutput> }
    | { needs: 'databases'; run(ctx: DatabaseContext): Promise<CommandOutput> }
    | { needs: 'engine'; run(ctx: EngineContext): Promise<CommandOutput> }
  );

/** A command's line in the usage text: its synopsis, then what it does from column 47. */
export function usageLine(synopsis: string, about: string): string {
  return `  ${synopsis}`.padEnd(47) + about;
}

/**
 * A command of one id (`NAME ID`): checks the id is a UUID before connecting (the error names
 * it as the synopsis does: RUN_ID → "run id"), reads through the engine, prints what `output`
 * makes of what it read.
 */
export function idCommand<T>(spec: {
  /** `NAME ID`, as the usage shows it: `explain RUN_ID`. */
  synopsis: string;
  about: string;
  read(engine: Engine, id: string): Promise<T>;
  output(value: T): CommandOutput;
}): CliCommand {
  const [name, arg] = spec.synopsis.split(' ');
  return {
    name,
    usage: [usageLine(spec.synopsis, spec.about)],
    validate(args) {
      requireUuid(need(args.positionals, 1, spec.synopsis)[0], arg.toLowerCase().replace('_', ' '));
    },
    needs: 'engine',
    async run({ args, engine }) {
      return spec.output(await spec.read(engine, args.positionals[0]));
    },
  };
}
