import { formatDuration } from '../../core/time';
import { UserError } from '../../db/db';
import { runEtl, type EtlMode } from '../../etl/etl';
import { intFlag, isoFlag, NAME, need, str } from '../args';
import type { CliCommand } from '../command';

export const etlCommand: CliCommand = {
  name: 'etl',
  usage: [
    '  etl [--full | --incremental] [--since ISO]   load the reporting schema from production',
    '      [--partitioned]                          (when it creates the schema: facts partitioned by month)',
  ],
  validate(args) {
    need(args.positionals, 0, 'etl [--full | --incremental] [--since ISO] [--partitioned]');
    if (args.flags.has('full') && args.flags.has('incremental')) throw new UserError('choose one of --full and --incremental');
    isoFlag(args.flags, 'since');
  },
  needs: 'databases',
  async run({ args, io, conns }) {
    if (!conns.reporting) throw new UserError('etl needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
    const mode: EtlMode = args.flags.has('full') ? 'full' : 'incremental';
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const r = await runEtl({
        source: conns.prod,
        target: conns.reporting,
        mode,
        since: str(args.flags, 'since'),
        batchSize: intFlag(args.flags, 'batch-size', 100, 100_000),
        overlapMinutes: intFlag(args.flags, 'overlap', 0, 10_080),
        partitioned: args.flags.has('partitioned'),
        signal: controller.signal,
        onProgress: (pr) => {
          if (pr.message && io.env.CLEARSIGHT_ETL_VERBOSE) io.err(`${NAME}: etl: ${pr.message}`);
        },
      });
      const { mode: m, extracted, loaded, watermark, duration_ms } = r;
      return {
        json: { mode: m, extracted, loaded, watermark, duration_ms },
        human: () =>
          [
            `etl ${m}: done in ${formatDuration(duration_ms)}; watermark ${watermark ?? '(none)'}`,
            `extracted: ${Object.entries(extracted).map(([t, n]) => `${t} ${n}`).join(', ')}`,
            `loaded: ${Object.entries(loaded).map(([t, n]) => `${t} ${n}`).join(', ')}`,
          ].join('\n'),
      };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
