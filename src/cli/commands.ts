/**
 * The table of commands, in the order `--help` lists them. Adding a command = one file in
 * src/cli/commands/ (its options, usage and run) and one line here. A command's file is
 * loaded when that command runs, so `etl` or `health` never loads what only another command
 * needs (Fastify and the API for `serve`, the Power BI project for `powerbi`).
 *
 * require(), not import(): the same lazy load in the bundle (esbuild wraps each command's
 * module and runs it on first use), and it works under the tests' tsx/cjs, whose import()
 * goes to Node's own ESM loader, which does not find .ts files.
 */
import type { CliCommand } from './command';
import type * as Etl from './commands/etl';
import type * as Scenarios from './commands/scenarios';
import type * as Timeline from './commands/timeline';
import type * as Changes from './commands/changes';
import type * as Snapshot from './commands/snapshot';
import type * as Diff from './commands/diff';
import type * as Explain from './commands/explain';
import type * as Runinfo from './commands/runinfo';
import type * as Report from './commands/report';
import type * as Signatures from './commands/signatures';
import type * as Health from './commands/health';
import type * as Serve from './commands/serve';
import type * as Logs from './commands/logs';
import type * as Demo from './commands/demo';
import type * as Powerbi from './commands/powerbi';

export interface CommandEntry {
  name: string;
  load(): CliCommand;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'etl', load: () => (require('./commands/etl') as typeof Etl).etlCommand },
  { name: 'scenarios', load: () => (require('./commands/scenarios') as typeof Scenarios).scenariosCommand },
  { name: 'timeline', load: () => (require('./commands/timeline') as typeof Timeline).timelineCommand },
  { name: 'changes', load: () => (require('./commands/changes') as typeof Changes).changesCommand },
  { name: 'snapshot', load: () => (require('./commands/snapshot') as typeof Snapshot).snapshotCommand },
  { name: 'diff', load: () => (require('./commands/diff') as typeof Diff).diffCommand },
  { name: 'explain', load: () => (require('./commands/explain') as typeof Explain).explainCommand },
  { name: 'runinfo', load: () => (require('./commands/runinfo') as typeof Runinfo).runinfoCommand },
  { name: 'report', load: () => (require('./commands/report') as typeof Report).reportCommand },
  { name: 'signatures', load: () => (require('./commands/signatures') as typeof Signatures).signaturesCommand },
  { name: 'health', load: () => (require('./commands/health') as typeof Health).healthCommand },
  { name: 'serve', load: () => (require('./commands/serve') as typeof Serve).serveCommand },
  { name: 'logs', load: () => (require('./commands/logs') as typeof Logs).logsCommand },
  { name: 'demo', load: () => (require('./commands/demo') as typeof Demo).demoCommand },
  { name: 'powerbi', load: () => (require('./commands/powerbi') as typeof Powerbi).powerbiCommand },
];

/** Every command, loaded (the usage text; an option before the command's name). */
export function loadAll(): CliCommand[] {
  return COMMANDS.map((c) => c.load());
}
