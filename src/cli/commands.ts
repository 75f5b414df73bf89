/**
 * The table of commands, in the order `--help` lists them. Adding a command = one file in
 * src/cli/commands/ and one entry here: the usage text and the known-command list come
 * from this table.
 */
import type { CliCommand } from './command';
import { changesCommand } from './commands/changes';
import { demoCommand } from './commands/demo';
import { diffCommand } from './commands/diff';
import { etlCommand } from './commands/etl';
import { explainCommand } from './commands/explain';
import { logsCommand } from './commands/logs';
import { powerbiCommand } from './commands/powerbi';
import { reportCommand } from './commands/report';
import { runinfoCommand } from './commands/runinfo';
import { scenariosCommand } from './commands/scenarios';
import { signaturesCommand } from './commands/signatures';
import { snapshotCommand } from './commands/snapshot';
import { timelineCommand } from './commands/timeline';
import { healthCommand } from './commands/health';
import { serveCommand } from './commands/serve';

export const COMMANDS: readonly CliCommand[] = [
  etlCommand,
  scenariosCommand,
  timelineCommand,
  changesCommand,
  snapshotCommand,
  diffCommand,
  explainCommand,
  runinfoCommand,
  reportCommand,
  signaturesCommand,
  healthCommand,
  serveCommand,
  logsCommand,
  demoCommand,
  powerbiCommand,
];
