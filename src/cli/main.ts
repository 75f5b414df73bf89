/**
 * `clearsight-rca`: the engine on the command line (contract: docs/contract/cli-contract.md).
 * JSON goes to stdout, messages to stderr. Exit codes: 0 success, 1 bad input, 2 cannot
 * connect / database error. Never a stack trace, never a password.
 *
 * main = parse, look up the command in the table, validate, connect (as it needs), run, print.
 */
import { UserError } from '../db/db';
import { redact } from '../core/redact';
import { escapeJsonControls, stripControls } from '../core/text';
import { Engine, type SourceChoice } from '../engine/engine';
import { NAME, parseArgs, str, type Io } from './args';
import type { CliCommand, CommandOutput } from './command';
import { COMMANDS } from './commands';
import { connect, secrets, type Connections } from './connect';
import { jsonOutput } from './format';

export { parseArgs, type Io, type ParsedArgs } from './args';

const OPTIONS = `connections:
  --prod URL        (CLEARSIGHT_PROD_URL)       production, opened read-only
  --reporting URL   (CLEARSIGHT_REPORTING_URL)  the database holding the reporting schema
  --demo                                        the embedded demo database
  --source prod|reporting|auto                  where analyses read (default auto)
  --statement-timeout MS (CLEARSIGHT_STATEMENT_TIMEOUT_MS, default 30000)
  --auth password|aws-iam (CLEARSIGHT_AUTH)     aws-iam: an RDS IAM token for --prod (SSL required;
                                               --region, --profile; credentials from the AWS chain)

power bi (report):
  --powerbi-url URL (CLEARSIGHT_POWERBI_URL)   --powerbi-page NAME (CLEARSIGHT_POWERBI_PAGE)
  --scenario-field Table/Field (CLEARSIGHT_POWERBI_SCENARIO_FIELD, default dim_scenario/scenario_id)
  --run-field Table/Field (CLEARSIGHT_POWERBI_RUN_FIELD, default dim_run/run_id)

other: --json  --batch-size N  --overlap MINUTES  --help`;

/** The usage text: the commands' own lines, in table order, then the common options. */
export function usage(commands: readonly CliCommand[] = COMMANDS): string {
  return `usage: ${NAME} <command> [options]\n\ncommands:\n${commands.flatMap((c) => c.usage).join('\n')}\n\n${OPTIONS}`;
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
    const args = parseArgs(argv);
    if (args.flags.has('help') || !args.command || args.command === 'help') {
      io.out(usage());
      return args.command || args.flags.has('help') ? 0 : 1;
    }
    const command = COMMANDS.find((c) => c.name === args.command);
    if (!command) throw new UserError(`unknown command '${args.command}' (see ${NAME} --help)`);
    // Validate arguments before connecting: bad input never waits for a server.
    command.validate(args);
    json = args.flags.has('json') || command.alwaysJson?.(args) === true;
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
    const choice = (str(args.flags, 'source') ?? 'auto') as SourceChoice;
    if (!['prod', 'reporting', 'auto'].includes(choice)) throw new UserError(`--source: expected prod, reporting or auto, got '${choice}'`);
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
    return 2;
  } finally {
    await conns?.close().catch(() => undefined);
  }
}
