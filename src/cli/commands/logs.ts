import { UserError } from '../../core/errors';
import { requireUuid } from '../../engine/analyses';
import { runLogs } from '../../engine/diagnostics';
import { Engine } from '../../engine/engine';
import { formatLogLines } from '../../logs/format';
import { capMessage, logLineJson } from '../../logs/search';
import { LOG_SOURCE_KINDS } from '../../logs/types';
import { NAME, need } from '../args';
import type { CliCommand } from '../command';
import { cliLogSources, marginFlag } from '../logSources';
import { choice, CONNECTION_OPTIONS, flag, has, LOG_SOURCE_OPTIONS, MARGIN, optionList, value, whole } from '../options';

const SOURCE = choice('source', LOG_SOURCE_KINDS, 'only the log files, or only CloudWatch Logs (default both)');
const LIMIT = whole('limit', 'N', 1, 100_000, 'at most N log records (default 2000)');
const LIVE = flag('live', 'search the sources themselves even when the reporting schema holds the run\'s logs');

/** `logs RUN_ID`: the run's log lines from the configured sources (the demo's logs in demo mode). */
export const logsCommand: CliCommand = {
  name: 'logs',
  usage: [
    '  logs RUN_ID [--source files|cloudwatch]      the run\'s log lines, time order',
    '      [--logs-path GLOB]... [--margin MINUTES] [--limit N]',
    '      [--log-group NAME]... [--log-group-prefix P] [--region R] [--profile P]',
  ],
  options: optionList(SOURCE, LOG_SOURCE_OPTIONS, MARGIN, LIMIT, LIVE, CONNECTION_OPTIONS),
  validate(args) {
    requireUuid(need(args.positionals, 1, 'logs RUN_ID [--source files|cloudwatch] [--logs-path GLOB]')[0], 'run id');
  },
  needs: 'databases',
  async run({ args, io, conns }) {
    const only = value(args, SOURCE);
    const sources = await cliLogSources(args, conns, io, only);
    const noSource = (): UserError =>
      new UserError(
        only === 'cloudwatch'
          ? 'no CloudWatch log group configured: pass --log-group NAME or --log-group-prefix PREFIX'
          : 'no log source configured: pass --logs-path GLOB (or set CLEARSIGHT_LOGS_PATHS)',
      );
    // Without a source named, only the reporting schema's log load can answer.
    if (sources.length === 0 && (has(args, LIVE) || !conns.reporting)) throw noSource();
    const engine = await Engine.create(conns.prod, conns.reporting, 'auto');
    const controller = new AbortController();
    const stop = (): void => controller.abort(new UserError('cancelled'));
    process.once('SIGINT', stop);
    try {
      const { logs } = await runLogs(engine, args.positionals[0], sources, {
        marginMinutes: marginFlag(args, io),
        cap: value(args, LIMIT),
        live: has(args, LIVE),
        only,
        signal: controller.signal,
      });
      if (logs.sources.length === 0) throw noSource();
      // Said whatever the output (stdout stays the contract's array): where the lines come from.
      if (logs.readFrom) io.err(`${NAME}: logs ${logs.readFrom}`);
      for (const s of logs.sources) {
        for (const n of s.notes) io.err(`${NAME}: ${s.kind}: ${n}`);
        if (s.error) io.err(`${NAME}: ${s.error}`);
      }
      const cap = capMessage(logs);
      if (cap) io.err(`${NAME}: ${cap}`);
      if (logs.sources.every((s) => s.error)) throw new UserError(logs.sources.map((s) => s.error).join('; '), 'unavailable');
      return {
        json: logs.lines.map(logLineJson),
        human: () => (logs.lines.length === 0 ? `no log lines for run ${logs.query.run_id} between ${logs.query.from} and ${logs.query.to}` : formatLogLines(logs.lines)),
      };
    } finally {
      process.off('SIGINT', stop);
    }
  },
};
