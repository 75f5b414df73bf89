/** Where the CLI reads logs: the sources its options name, and the margin around a run. */
import { UserError } from '../core/errors';
import { logSources } from '../engine/diagnostics';
import type { LogSource, LogSourceKind } from '../logs/types';
import { str, type Io, type ParsedArgs } from './args';
import { MARGIN, valueOrEnv } from './options';
import type { Connections } from './connect';

/**
 * The log sources the options name (`--logs-path`, `--log-group`, …, or their variables);
 * in demo mode with none named, the demo's own logs (unless `demoLogs` is false: the ETL
 * loads only the sources it is given). `only` keeps one kind.
 */
export async function cliLogSources(args: ParsedArgs, conns: Connections, io: Io, only?: LogSourceKind, o: { demoLogs?: boolean } = {}): Promise<LogSource[]> {
  const pathsText = str(args.flags, 'logs-path') ?? io.env.CLEARSIGHT_LOGS_PATHS;
  let paths = pathsText ? pathsText.split('\n').filter((x) => x.trim()) : [];
  const groups = (str(args.flags, 'log-group') ?? io.env.CLEARSIGHT_LOG_GROUPS ?? '').split(/\n/).filter((g) => g.trim());
  const prefix = str(args.flags, 'log-group-prefix') ?? io.env.CLEARSIGHT_LOG_GROUP_PREFIX;
  const extra: LogSource[] = [];
  if ((groups.length > 0 || prefix) && only !== 'files') {
    const region = str(args.flags, 'region') ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
    if (!region) throw new UserError('CloudWatch Logs needs a region: pass --region or set AWS_REGION');
    // The SDK's advice to upgrade Node is not this command's business: one clear line on stderr.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    // The AWS SDK loads only when CloudWatch is asked for.
    const { CloudWatchLogSource } = await import('../logs/cloudwatch');
    extra.push(
      new CloudWatchLogSource({
        region,
        logGroups: groups,
        logGroupPrefix: prefix,
        profile: str(args.flags, 'profile'),
        endpoint: io.env.CLEARSIGHT_CLOUDWATCH_ENDPOINT || undefined,
      }),
    );
  }
  // The demo's own logs when nothing else is named.
  if (paths.length === 0 && extra.length === 0 && conns.demo && only !== 'cloudwatch' && o.demoLogs !== false) paths = [(await import('../demo/demoDb')).demoLogsFolder()];
  return logSources({ paths, cwd: process.cwd(), extra }, only);
}

export function marginFlag(args: ParsedArgs, io: Io): number | undefined {
  return valueOrEnv(args, io.env, MARGIN);
}
