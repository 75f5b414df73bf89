import { readFileSync } from 'node:fs';
import { requireTokenOffLoopback } from '../../api/server';
import { UserError } from '../../core/errors';
import { parseTimeOfDay, requireTimeZone, systemClock } from '../../ops/clock';
import { Serve, type ServeOptions } from '../../ops/serve';
import { need, type ParsedArgs } from '../args';
import type { CliCommand } from '../command';
import { cliLogSources } from '../logSources';
import { BATCH_SIZE, CLOUDWATCH_DAYS, CONNECTION_OPTIONS, DEMO, ETL_OPTIONS, has, LOG_SOURCE_OPTIONS, MAX_AGE, optionList, OVERLAP, PRIVACY_OPTIONS, PROD, RETAIN_DAYS, text, value, whole } from '../options';
import { PRIVACY_USAGE, privacyOptions } from '../privacy';

const EVERY = whole('every', 'MIN', 1, 1440, 'an incremental run every MIN minutes (default 15)');
const FULL_AT = text('full-at', 'HH:MM', 'the daily full refresh (default 02:00)');
const TZ = text('tz', 'ZONE', "--full-at's time zone, IANA (default UTC)");
const RETRIES = whole('retries', 'N', 0, 10, 'tries again a run failing on a connection error (default 3)');
const ALERT_WEBHOOK = text('alert-webhook', 'URL', 'POST incidents there (CLEARSIGHT_ALERT_WEBHOOK)');
const PORT = whole('port', 'N', 0, 65_535, "the HTTP API's port (default 8787; 0 = any free port)");
const HOST = text('host', 'H', 'the address it listens on (default 127.0.0.1; another needs a token)');
const TOKEN_FILE = text('token-file', 'FILE', "the API's bearer token: the first line of FILE (CLEARSIGHT_API_TOKEN)");
/** The design's retention, monthly: 90 days unless --retain-days says otherwise (0 or off: never). */
const SERVE_RETAIN_DEFAULT_DAYS = 90;
const RATE_LIMIT = whole('rate-limit', 'N', 1, 1_000_000, 'API requests per minute and client (default 600)');

/** The API's bearer token: --token-file (first line) or CLEARSIGHT_API_TOKEN; required off the loopback. */
function apiToken(args: ParsedArgs, env: NodeJS.ProcessEnv): string | null {
  const file = value(args, TOKEN_FILE);
  let token: string | null = null;
  if (file !== undefined) {
    try {
      token = readFileSync(file, 'utf8').split(/\r?\n/)[0].trim();
    } catch (err) {
      throw new UserError(`--token-file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!token) throw new UserError(`--token-file: ${file} is empty`);
  } else if (env.CLEARSIGHT_API_TOKEN) token = env.CLEARSIGHT_API_TOKEN.trim();
  if (token !== null && token.length < 16) throw new UserError('the API token must be at least 16 characters');
  return token;
}

/** `serve`'s settings from flags and the environment (validated before connecting). */
export function serveSettings(args: ParsedArgs, env: NodeJS.ProcessEnv): Omit<ServeOptions, 'source' | 'target' | 'clock' | 'out'> {
  const webhook = value(args, ALERT_WEBHOOK) ?? env.CLEARSIGHT_ALERT_WEBHOOK ?? null;
  if (webhook !== null && !/^https?:\/\/[^\s/]+/.test(webhook)) throw new UserError('--alert-webhook: expected an http(s) URL');
  const host = value(args, HOST) ?? '127.0.0.1';
  const token = apiToken(args, env);
  requireTokenOffLoopback(host, token);
  return {
    everyMinutes: value(args, EVERY) ?? 15,
    fullAt: parseTimeOfDay(value(args, FULL_AT) ?? '02:00'),
    tz: requireTimeZone(value(args, TZ) ?? 'UTC'),
    retries: value(args, RETRIES) ?? 3,
    backoffMs: 30_000,
    maxBackoffMs: 10 * 60_000,
    alertWebhook: webhook || null,
    thresholds: { maxAgeMinutes: value(args, MAX_AGE) },
    batchSize: value(args, BATCH_SIZE),
    overlapMinutes: value(args, OVERLAP),
    // The demo's history is fixed in time (and the extension's copy too): never pruned unless asked.
    retainDays: value(args, RETAIN_DAYS) ?? (has(args, DEMO) ? 0 : SERVE_RETAIN_DEFAULT_DAYS),
    privacy: privacyOptions(args, env),
    api: { host, port: value(args, PORT) ?? 8787, token, rateLimitPerMinute: value(args, RATE_LIMIT), logSources: () => [] },
  };
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: [
    '  serve [--every MIN] [--full-at HH:MM] [--tz ZONE] [--retries N] [--alert-webhook URL] [--retain-days N]',
    '        [--port N] [--host H] [--token-file FILE] [--rate-limit N] [--logs-path GLOB]',
    '                                               scheduled ETL, health checks, alerts and the read-only HTTP API',
    ...PRIVACY_USAGE,
  ],
  options: optionList(EVERY, FULL_AT, TZ, RETRIES, ALERT_WEBHOOK, MAX_AGE, ETL_OPTIONS, PORT, HOST, TOKEN_FILE, RATE_LIMIT, LOG_SOURCE_OPTIONS, CLOUDWATCH_DAYS, PRIVACY_OPTIONS, CONNECTION_OPTIONS),
  validate(args) {
    need(args.positionals, 0, 'serve [--every MIN] [--full-at HH:MM] [--tz ZONE] [--port N] [--host H]');
    serveSettings(args, process.env);
    if (!has(args, DEMO) && !(value(args, PROD) ?? process.env.CLEARSIGHT_PROD_URL)) {
      throw new UserError('serve needs an explicit connection: --prod URL and --reporting URL (or CLEARSIGHT_PROD_URL / CLEARSIGHT_REPORTING_URL), or --demo');
    }
  },
  needs: 'databases',
  async run({ args, io, conns }) {
    if (!conns.reporting) throw new UserError('serve needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
    const settings = serveSettings(args, io.env);
    const sources = await cliLogSources(args, conns, io);
    // Each scheduled run loads the named sources into fact_cloudwatch_log (not the demo's own logs).
    const loaded = await cliLogSources(args, conns, io, undefined, { demoLogs: false });
    const logs = loaded.length > 0 ? { sources: loaded, cloudwatchDays: value(args, CLOUDWATCH_DAYS) } : undefined;
    const serve = new Serve({ ...settings, logs, api: settings.api && { ...settings.api, logSources: () => sources }, source: conns.prod, target: conns.reporting, clock: systemClock, out: io.out });
    const stop = (): void => void serve.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await serve.listen();
      await serve.start();
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return { text: '' };
  },
};
