import { UserError } from '../../db/db';
import { requireUuid } from '../../engine/analyses';
import { runLogs } from '../../engine/diagnostics';
import { Engine } from '../../engine/engine';
import { formatLogLines } from '../../logs/format';
import { capMessage, logLineJson } from '../../logs/search';
import { LOG_SOURCE_KINDS, type LogSourceKind } from '../../logs/types';
import { intFlag, NAME, need, str } from '../args';
import type { CliCommand } from '../command';
import { cliLogSources, marginFlag } from '../logSources';

/** `logs RUN_ID`: the run's log lines from the configured sources (the demo's logs in demo mode). */
export const logsCommand: CliCommand = {
  name: 'logs',
  usage: [
    '  logs RUN_ID [--source files|cloudwatch]      the run\'s log lines, time order',
    '      [--logs-path GLOB]... [--margin MINUTES] [--limit N]',
    '      [--log-group NAME]... [--log-group-prefix P] [--region R] [--profile P]',
  ],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'logs RUN_ID [--source files|cloudwatch] [--logs-path GLOB]')[0], 'run id');
    const kind = str(args.flags, 'source');
    if (kind !== undefined && !(LOG_SOURCE_KINDS as readonly string[]).includes(kind)) throw new UserError(`--source: expected files or cloudwatch, got '${kind}'`);
    intFlag(args.flags, 'margin', 0, 10_080);
    intFlag(args.flags, 'limit', 1, 100_000);
  },
  needs: 'databases',
  async run({ args, io, conns }) {
    const only = str(args.flags, 'source') as LogSourceKind | undefined;
    const sources = await cliLogSources(args, conns, io, only);
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
      return {
        json: logs.lines.map(logLineJson),
        human: () => (logs.lines.length === 0 ? `no log lines for run ${logs.query.run_id} between ${logs.query.from} and ${logs.query.to}` : formatLogLines(logs.lines)),
      };
    } finally {
      process.off('SIGINT', stop);
    }
  },
};
