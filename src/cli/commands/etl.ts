import { formatDuration } from '../../core/time';
import { UserError } from '../../db/db';
import { runEtl, type EtlMode } from '../../etl/etl';
import { intFlag, isoFlag, NAME, need, str } from '../args';
import type { CliCommand } from '../command';
import { verificationText, verifyReporting } from '../../ops/verify';
import { PRIVACY_USAGE, privacyOptions } from '../privacy';

export const etlCommand: CliCommand = {
  name: 'etl',
  usage: [
    '  etl [--full | --incremental] [--since ISO]   load the reporting schema from production',
    '      [--partitioned]                          (when it creates the schema: facts partitioned by month)',
    '      [--retain-days N]                        (--full: prune facts older than N days)',
    ...PRIVACY_USAGE,
    '  etl --verify [--since ISO]                   reconcile reporting with production (exit 1 on a difference)',
  ],
  validate(args) {
    need(args.positionals, 0, 'etl [--full | --incremental] [--since ISO] [--partitioned]');
    if (args.flags.has('full') && args.flags.has('incremental')) throw new UserError('choose one of --full and --incremental');
    if (args.flags.has('verify') && (args.flags.has('full') || args.flags.has('incremental'))) throw new UserError('--verify checks, it does not load: use it without --full / --incremental');
    if (intFlag(args.flags, 'retain-days', 1, 36_500) !== undefined && !args.flags.has('full')) throw new UserError('--retain-days prunes during a full refresh: add --full');
    isoFlag(args.flags, 'since');
    privacyOptions(args, process.env, args.flags.has('verify'));
  },
  writes: true,
  needs: 'databases',
  async run({ args, io, conns }) {
    if (args.flags.has('verify')) {
      if (!conns.reporting) throw new UserError('etl --verify needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
      const v = await verifyReporting({ source: conns.prod, reporting: conns.reporting, since: str(args.flags, 'since'), privacy: privacyOptions(args, io.env, true) });
      return { json: v, human: () => verificationText(v), exitCode: v.ok ? 0 : 1 };
    }
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
        retainDays: intFlag(args.flags, 'retain-days', 1, 36_500),
        privacy: privacyOptions(args, io.env),
        signal: controller.signal,
        onProgress: (pr) => {
          if (pr.message && io.env.CLEARSIGHT_ETL_VERBOSE) io.err(`${NAME}: etl: ${pr.message}`);
        },
      });
      const { mode: m, extracted, loaded, watermark, duration_ms, pruned, warnings } = r;
      if (!args.flags.has('json')) for (const w of warnings) io.err(`${NAME}: warning: ${w}`);
      return {
        json: { mode: m, extracted, loaded, watermark, duration_ms, warnings, ...(pruned ? { pruned } : {}) },
        human: () =>
          [
            `etl ${m}: done in ${formatDuration(duration_ms)}; watermark ${watermark ?? '(none)'}`,
            `extracted: ${Object.entries(extracted).map(([t, n]) => `${t} ${n}`).join(', ')}`,
            `loaded: ${Object.entries(loaded).map(([t, n]) => `${t} ${n}`).join(', ')}`,
            ...(pruned ? [`pruned: ${Object.entries(pruned).map(([t, n]) => `${t} ${Array.isArray(n) ? n.join(' ') || 'none' : n}`).join(', ')}`] : []),
          ].join('\n'),
      };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
