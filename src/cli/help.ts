/** The help texts: `--help` (every command's lines, then the common options) and `help COMMAND` (one command, its options). */
import { NAME, type CliOption } from './args';
import type { CliCommand } from './command';
import { COMMON_OPTIONS } from './options';

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

other: --json  --batch-size N  --overlap MINUTES  --help

${NAME} help COMMAND (or COMMAND --help): the options a command takes`;

/** The usage text: the commands' own lines, in table order, then the common options. */
export function usage(commands: readonly CliCommand[]): string {
  return `usage: ${NAME} <command> [options]\n\ncommands:\n${commands.flatMap((c) => c.usage).join('\n')}\n\n${OPTIONS}`;
}

/** An option's line: `  --limit N` then what it does from column 33. */
function optionLine(o: CliOption): string {
  const left = `  --${o.name}${o.kind === 'value' ? ` ${o.arg}${o.repeatable ? '...' : ''}` : ''}`;
  return left.length < 32 ? left.padEnd(33) + o.about : `${left}  ${o.about}`;
}

/** One command's help: its lines of the usage text, then every option it takes. */
export function commandHelp(command: CliCommand): string {
  return [`usage: ${NAME} ${command.name} [options]`, '', ...command.usage, '', 'options:', ...[...command.options, ...COMMON_OPTIONS].map(optionLine)].join('\n');
}
