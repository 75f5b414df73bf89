import { formatDuration } from '../../core/time';
import { UserError } from '../../core/errors';
import { runEtl, type EtlMode } from '../../etl/etl';
import { NAME, need } from '../args';
import type { CliCommand } from '../command';
import { verificationText, verifyReporting } from '../../ops/verify';
import { cliLogSources } from '../logSources';
import { BATCH_SIZE, CLOUDWATCH_DAYS, CONNECTION_OPTIONS, ETL_OPTIONS, flag, has, JSON_OPTION, LOG_SOURCE_OPTIONS, optionList, OVERLAP, PRIVACY_OPTIONS, RETAIN_DAYS, SCENARIO_ID, SINCE, value } from '../options';
import { PRIVACY_USAGE, privacyOptions } from '../privacy';

const FULL = flag('full', 'a full refresh: the whole history, or from --since');
const INCREMENTAL = flag('incremental', 'from the watermark less the overlap (the default)');
const PARTITIONED = flag('partitioned', 'when it creates the schema: facts partitioned by month');
const VERIFY = flag('verify', 'reconcile reporting with production (exit 1 on a difference); no loading');

export const etlCommand: CliCommand = {
  name: 'etl',
  usage: [
    '  etl [--full | --incremental] [--since ISO]   load the reporting schema from production',
    '      [--partitioned]                          (when it creates the schema: facts partitioned by month)',
    '      [--retain-days N]                        (--full: prune facts older than N days)',
    ...PRIVACY_USAGE,
    '  etl --scenario-id ID                         load one scenario\'s whole history (the watermark stays)',
    '  etl --verify [--since ISO]                   reconcile reporting with production (exit 1 on a difference)',
  ],
  options: optionList(FULL, INCREMENTAL, SINCE, SCENARIO_ID, PARTITIONED, ETL_OPTIONS, PRIVACY_OPTIONS, VERIFY, LOG_SOURCE_OPTIONS, CLOUDWATCH_DAYS, CONNECTION_OPTIONS),
  validate(args) {
    need(args.positionals, 0, 'etl [--full | --incremental] [--since ISO] [--partitioned]');
    if (has(args, FULL) && has(args, INCREMENTAL)) throw new UserError('choose one of --full and --incremental');
    if (has(args, VERIFY) && (has(args, FULL) || has(args, INCREMENTAL))) throw new UserError('--verify checks, it does not load: use it without --full / --incremental');
    if (value(args, RETAIN_DAYS) !== undefined && !has(args, FULL)) throw new UserError('--retain-days prunes during a full refresh: add --full');
    if (value(args, RETAIN_DAYS) === 0) throw new UserError(`--retain-days: expected a whole number from 1 to 36500, got '${String(args.flags.get('retain-days'))}' (0 / off turns serve's monthly retention off)`);
    const scenario = value(args, SCENARIO_ID);
    if (scenario !== undefined) {
      if (has(args, FULL) || has(args, INCREMENTAL) || has(args, VERIFY) || value(args, SINCE) !== undefined) {
        throw new UserError("--scenario-id loads one scenario's whole history: use it without --full, --incremental, --since and --verify");
      }
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(scenario)) throw new UserError(`--scenario-id: not a scenario id (a UUID): '${scenario}'`);
    }
    privacyOptions(args, process.env, has(args, VERIFY));
  },
  writes: true,
  needs: 'databases',
  async run({ args, io, conns }) {
    if (has(args, VERIFY)) {
      if (!conns.reporting) throw new UserError('etl --verify needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
      const v = await verifyReporting({ source: conns.prod, reporting: conns.reporting, since: value(args, SINCE), privacy: privacyOptions(args, io.env, true) });
      return { json: v, human: () => verificationText(v), exitCode: v.ok ? 0 : 1 };
    }
    if (!conns.reporting) throw new UserError('etl needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
    const mode: EtlMode = has(args, FULL) ? 'full' : 'incremental';
    // The log step: the sources named (flags or variables), never the demo's own logs by default.
    const logSources = await cliLogSources(args, conns, io, undefined, { demoLogs: false });
    const cloudwatchDays = value(args, CLOUDWATCH_DAYS);
    if (cloudwatchDays !== undefined && !logSources.some((s) => s.kind === 'cloudwatch')) {
      throw new UserError('--cloudwatch-days: no CloudWatch log group to load: add --log-group NAME or --log-group-prefix P (or CLEARSIGHT_LOG_GROUPS)');
    }
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const r = await runEtl({
        source: conns.prod,
        target: conns.reporting,
        mode,
        since: value(args, SINCE),
        batchSize: value(args, BATCH_SIZE),
        overlapMinutes: value(args, OVERLAP),
        partitioned: has(args, PARTITIONED),
        retainDays: value(args, RETAIN_DAYS),
        privacy: privacyOptions(args, io.env),
        logs: logSources.length > 0 ? { sources: logSources, cloudwatchDays, scenarioId: value(args, SCENARIO_ID) } : undefined,
        scenarioId: value(args, SCENARIO_ID),
        signal: controller.signal,
        onProgress: (pr) => {
          if (pr.message && io.env.CLEARSIGHT_ETL_VERBOSE) io.err(`${NAME}: etl: ${pr.message}`);
        },
      });
      const { mode: m, extracted, loaded, watermark, duration_ms, pruned, reloaded_removed, warnings, logs, scenario_id } = r;
      if (!has(args, JSON_OPTION)) for (const w of warnings) io.err(`${NAME}: warning: ${w}`);
      return {
        json: { mode: m, extracted, loaded, watermark, duration_ms, warnings, ...(pruned ? { pruned } : {}), ...(reloaded_removed ? { reloaded_removed } : {}), ...(logs ? { logs } : {}), ...(scenario_id ? { scenario_id } : {}) },
        human: () =>
          [
            scenario_id
              ? `etl scenario ${scenario_id}: done in ${formatDuration(duration_ms)}; watermark unchanged (${watermark ?? 'none'})`
              : `etl ${m}: done in ${formatDuration(duration_ms)}; watermark ${watermark ?? '(none)'}`,
            `extracted: ${Object.entries(extracted).map(([t, n]) => `${t} ${n}`).join(', ')}`,
            `loaded: ${Object.entries(loaded).map(([t, n]) => `${t} ${n}`).join(', ')}`,
            ...(logs
              ? [
                  `logs: ${logs.read} records read, ${logs.loaded} added, ${logs.resolved} resolved to their run later, ${logs.diagnostics} run diagnostics updated (${formatDuration(logs.duration_ms)})`,
                ]
              : []),
            ...(pruned ? [`pruned: ${Object.entries(pruned).map(([t, n]) => `${t} ${Array.isArray(n) ? n.join(' ') || 'none' : n}`).join(', ')}`] : []),
            ...(reloaded_removed ? [`kept the retained window: ${reloaded_removed} rows reloaded from before it removed (counted when pruned)`] : []),
          ].join('\n'),
      };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
