import { readFileSync } from 'node:fs';
import { requireTokenOffLoopback } from '../../api/server';
import { UserError } from '../../db/db';
import { parseTimeOfDay, requireTimeZone, systemClock } from '../../ops/clock';
import { Serve, type ServeOptions } from '../../ops/serve';
import { intFlag, need, str, type ParsedArgs } from '../args';
import type { CliCommand } from '../command';
import { cliLogSources } from '../logSources';
import { PRIVACY_USAGE, privacyOptions } from '../privacy';

/** The API's bearer token: --token-file (first line) or CLEARSIGHT_API_TOKEN; required off the loopback. */
function apiToken(args: ParsedArgs, env: NodeJS.ProcessEnv): string | null {
  const file = str(args.flags, 'token-file');
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
function serveSettings(args: ParsedArgs, env: NodeJS.ProcessEnv): Omit<ServeOptions, 'source' | 'target' | 'clock' | 'out'> {
  const webhook = str(args.flags, 'alert-webhook') ?? env.CLEARSIGHT_ALERT_WEBHOOK ?? null;
  if (webhook !== null && !/^https?:\/\/[^\s/]+/.test(webhook)) throw new UserError('--alert-webhook: expected an http(s) URL');
  const host = str(args.flags, 'host') ?? '127.0.0.1';
  const token = apiToken(args, env);
  requireTokenOffLoopback(host, token);
  return {
    everyMinutes: intFlag(args.flags, 'every', 1, 1440) ?? 15,
    fullAt: parseTimeOfDay(str(args.flags, 'full-at') ?? '02:00'),
    tz: requireTimeZone(str(args.flags, 'tz') ?? 'UTC'),
    retries: intFlag(args.flags, 'retries', 0, 10) ?? 3,
    backoffMs: 30_000,
    maxBackoffMs: 10 * 60_000,
    alertWebhook: webhook || null,
    thresholds: { maxAgeMinutes: intFlag(args.flags, 'max-age', 1, 10_080) },
    batchSize: intFlag(args.flags, 'batch-size', 100, 100_000),
    overlapMinutes: intFlag(args.flags, 'overlap', 0, 10_080),
    retainDays: intFlag(args.flags, 'retain-days', 1, 36_500),
    privacy: privacyOptions(args, env),
    api: { host, port: intFlag(args.flags, 'port', 0, 65_535) ?? 8787, token, rateLimitPerMinute: intFlag(args.flags, 'rate-limit', 1, 1_000_000), logSources: () => [] },
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
  validate(args) {
    need(args.positionals, 0, 'serve [--every MIN] [--full-at HH:MM] [--tz ZONE] [--port N] [--host H]');
    serveSettings(args, process.env);
    if (!args.flags.has('demo') && !(str(args.flags, 'prod') ?? process.env.CLEARSIGHT_PROD_URL)) {
      throw new UserError('serve needs an explicit connection: --prod URL and --reporting URL (or CLEARSIGHT_PROD_URL / CLEARSIGHT_REPORTING_URL), or --demo');
    }
  },
  needs: 'databases',
  async run({ args, io, conns }) {
    if (!conns.reporting) throw new UserError('serve needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
    const settings = serveSettings(args, io.env);
    const sources = await cliLogSources(args, conns, io);
    const serve = new Serve({ ...settings, api: settings.api && { ...settings.api, logSources: () => sources }, source: conns.prod, target: conns.reporting, clock: systemClock, out: io.out });
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
