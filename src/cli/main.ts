/**
 * `clearsight-rca`: the engine on the command line (contract: docs/contract/cli-contract.md).
 * JSON goes to stdout, messages to stderr. Exit codes: 0 success, 1 bad input, 2 cannot
 * connect / database error. Never a stack trace, never a password.
 *
 * main = parse, look up the command in the table, validate, connect (as it needs), run, print.
 */
import { ERROR_KINDS, UserError } from '../core/errors';
import { redact } from '../core/redact';
import { escapeJsonControls, stripControls } from '../core/text';
import { Engine, type SourceChoice } from '../engine/engine';
import { commandIndex, NAME, parseArgs, UnknownOptionError, type CliOption, type Io, type ParsedArgs } from './args';
import type { CliCommand, CommandOutput } from './command';
import { COMMANDS, loadAll } from './commands';
import { connect, secrets, type Connections } from './connect';
import { jsonOutput } from './format';
import { commandHelp, usage } from './help';
import { COMMON_OPTIONS, has, HELP, JSON_OPTION, optionList, SOURCE, value } from './options';

export type { Io } from './args';

/** Every option of every command: for options given before the command's name, and with no command. */
function allOptions(commands: readonly CliCommand[]): readonly CliOption[] {
  const byName = new Map<string, CliOption>();
  for (const o of [...COMMON_OPTIONS, ...commands.flatMap((c) => c.options)]) if (!byName.has(o.name)) byName.set(o.name, o);
  return [...byName.values()];
}

function findCommand(name: string): CliCommand {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new UserError(`unknown command '${name}' (see ${NAME} --help)`);
  return entry.load();
}

/**
 * The command and its arguments. The command is loaded alone, unless an option comes before
 * its name (then every command is, to know which options take a value).
 */
function parseCommandLine(argv: readonly string[]): { command: CliCommand | 'help' | null; args: ParsedArgs; all?: CliCommand[] } {
  const all = argv.length === 0 || argv[0].startsWith('-') ? loadAll() : undefined;
  const known = all ? allOptions(all) : COMMON_OPTIONS;
  const at = commandIndex(argv, (n) => known.find((o) => o.name === n), () => known);
  if (at < 0) return { command: null, args: parseArgs(argv, known), all };
  const name = argv[at];
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  if (name === 'help') return { command: 'help', args: parseArgs(rest, COMMON_OPTIONS, name), all };
  const command = findCommand(name);
  try {
    return { command, args: parseArgs(rest, optionList(command.options, COMMON_OPTIONS), name), all };
  } catch (err) {
    // An option of other commands: say which take it.
    if (!(err instanceof UnknownOptionError) || !err.given.startsWith('--')) throw err;
    const takenBy = (all ?? loadAll()).filter((c) => c.options.some((o) => `--${o.name}` === err.given)).map((c) => c.name);
    throw new UnknownOptionError(err.given, err.command, err.options, takenBy);
  }
}

function print(io: Io, json: boolean, output: CommandOutput): void {
  if ('text' in output) io.out(output.text);
  else io.out(json ? jsonOutput(output.json) : output.human());
}

export async function main(argv: readonly string[], rawIo: Io): Promise<number> {
  let conns: Connections | undefined;
  let json = false;
  // Data never drives the terminal: C0/C1 controls (but tab and newline) are replaced in
  // text and escaped in JSON (the same JSON value); no password is ever printed.
  const io: Io = {
    env: rawIo.env,
    out: (t) => rawIo.out(json ? escapeJsonControls(t) : redact(stripControls(t), secrets)),
    err: (t) => rawIo.err(redact(stripControls(t), secrets)),
  };
  try {
    const { command, args, all } = parseCommandLine(argv);
    if (command === null) {
      io.out(usage(all ?? loadAll()));
      return has(args, HELP) ? 0 : 1;
    }
    if (command === 'help') {
      if (args.positionals.length > 1) throw new UserError(`unexpected argument '${args.positionals[1]}': help [COMMAND]`);
      const [topic] = args.positionals;
      io.out(topic ? commandHelp(findCommand(topic)) : usage(all ?? loadAll()));
      return 0;
    }
    if (has(args, HELP)) {
      io.out(commandHelp(command));
      return 0;
    }
    // Validate arguments before connecting: bad input never waits for a server.
    command.validate(args);
    json = has(args, JSON_OPTION) || command.alwaysJson?.(args) === true;
    if (command.needs === 'nothing') {
      const out = await command.run({ args, io });
      print(io, json, out);
      return out.exitCode ?? 0;
    }
    conns = await connect(args, io, { writes: command.writes });
    if (command.needs === 'databases') {
      const out = await command.run({ args, io, conns });
      print(io, json, out);
      return out.exitCode ?? 0;
    }
    const choice: SourceChoice = value(args, SOURCE) ?? 'auto';
    const engine = await Engine.create(conns.prod, conns.reporting, choice);
    const out = await command.run({ args, io, conns, engine });
    print(io, json, out);
    return out.exitCode ?? 0;
  } catch (err) {
    if (err instanceof UserError) {
      io.err(`${NAME}: ${err.message}`);
      return err.exitCode;
    }
    io.err(`${NAME}: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    return ERROR_KINDS.bug.exitCode;
  } finally {
    await conns?.close().catch(() => undefined);
  }
}
