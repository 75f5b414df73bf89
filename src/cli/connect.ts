/** The databases a command works on (--prod / --reporting / --demo and their variables) and the Power BI settings. */
import { UserError } from '../core/errors';
import type { Db } from '../db/db';
import { parseConn, refuseSameDatabase } from '../db/connString';
import { PgDb } from '../db/pgDb';
import { AUTH_MODES, rdsIamFor } from '../db/rdsIam';
import type { PowerBiSettings } from '../engine/reports';
import { NAME, str, type Io, type ParsedArgs } from './args';
import { STATEMENT_TIMEOUT, valueOrEnv } from './options';

/** The databases a command works on; close() closes what was opened. */
export interface Connections {
  prod: Db;
  reporting: Db | null;
  demo: boolean;
  close(): Promise<void>;
}

/** Passwords of the connection strings in use: never printed, whatever the message (main redacts with these). */
export const secrets = new Set<string>();

/**
 * A connection string from its flag or, without the flag, its variable. Given but empty is
 * bad input (an unset variable in a cron line), never "no connection"; undefined = not given.
 */
function connectionArg(args: ParsedArgs, io: Io, flag: string, variable: string, demo: boolean): string | undefined {
  if (args.flags.has(flag)) {
    const v = str(args.flags, flag) ?? '';
    if (v.trim() === '') throw new UserError(`--${flag}: empty connection URL`, 'config');
    return v;
  }
  const v = io.env[variable];
  if (v === undefined || (demo && v.trim() === '')) return undefined;
  if (v.trim() === '') throw new UserError(`${variable} is set but empty: give it a connection URL, or unset it`, 'config');
  return v;
}

/**
 * `writes`: the command writes the reporting schema (etl): it never picks a database by
 * itself, so without --prod/--reporting (or their variables) it needs an explicit --demo.
 */
export async function connect(args: ParsedArgs, io: Io, o: { writes?: boolean } = {}): Promise<Connections> {
  const timeout = valueOrEnv(args, io.env, STATEMENT_TIMEOUT) ?? 30_000;
  const wantsDemo = args.flags.has('demo');
  const prodUrl = connectionArg(args, io, 'prod', 'CLEARSIGHT_PROD_URL', wantsDemo);
  const reportingUrl = connectionArg(args, io, 'reporting', 'CLEARSIGHT_REPORTING_URL', wantsDemo);
  if (wantsDemo || (!prodUrl && !reportingUrl)) {
    if (prodUrl || reportingUrl) throw new UserError('--demo cannot be combined with --prod or --reporting', 'config');
    if (!wantsDemo) {
      if (o.writes) throw new UserError(`${args.command} needs a connection: --prod URL and --reporting URL (or CLEARSIGHT_PROD_URL and CLEARSIGHT_REPORTING_URL), or --demo`, 'config');
      io.err(`${NAME}: no database configured (--prod / CLEARSIGHT_PROD_URL): using the embedded demo database`);
    }
    // The demo generator and PGlite load only for the demo.
    const { openDemo } = await import('../demo/demoDb');
    const db = await openDemo({ onProgress: (m) => io.err(`${NAME}: ${m}`) });
    return { prod: db, reporting: db, demo: true, close: () => db.close() };
  }
  if (!prodUrl) throw new UserError('no production database: pass --prod URL or set CLEARSIGHT_PROD_URL', 'config');
  const prodParams = parseConn(prodUrl);
  if (prodParams.password) secrets.add(prodParams.password);
  if (reportingUrl) {
    const repParams = parseConn(reportingUrl);
    if (repParams.password) secrets.add(repParams.password);
    // Before anything is opened or created: reporting must not be production itself.
    refuseSameDatabase(prodParams, repParams, io.env);
  }
  const warn = (m: string): void => io.err(`${NAME}: warning: ${m}`);
  const auth = str(args.flags, 'auth') ?? io.env.CLEARSIGHT_AUTH ?? 'password';
  if (!(AUTH_MODES as readonly string[]).includes(auth)) throw new UserError(`--auth: expected password or aws-iam, got '${auth}'`, 'config');
  let iam: ReturnType<typeof rdsIamFor> | null = null;
  if (auth === 'aws-iam') {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    iam = rdsIamFor(prodUrl, { region: str(args.flags, 'region'), profile: str(args.flags, 'profile') });
  }
  const prod = new PgDb({
    url: prodUrl,
    readOnly: true,
    statementTimeoutMs: timeout,
    onWarning: warn,
    ...(iam ? { passwordProvider: () => iam.tokens.get(), sslMode: iam.sslMode } : {}),
  });
  const reporting = reportingUrl ? new PgDb({ url: reportingUrl, readOnly: false, statementTimeoutMs: timeout, onWarning: warn }) : null;
  return {
    prod,
    reporting,
    demo: false,
    close: async () => {
      await prod.close();
      await reporting?.close();
    },
  };
}

/**
 * The reporting database alone, for a command that reads only the reporting schema (health):
 * --reporting URL (or CLEARSIGHT_REPORTING_URL) without --prod, which is then not opened;
 * otherwise as `connect` (the demo; with --prod alone, --reporting is missing).
 */
export async function connectReporting(args: ParsedArgs, io: Io): Promise<{ reporting: Db; close(): Promise<void> }> {
  const url = args.flags.has('demo') ? undefined : connectionArg(args, io, 'reporting', 'CLEARSIGHT_REPORTING_URL', false);
  if (!url) {
    const conns = await connect(args, io);
    if (!conns.reporting) {
      await conns.close();
      throw new UserError(`${args.command} needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)`, 'config');
    }
    return { reporting: conns.reporting, close: () => conns.close() };
  }
  const timeout = valueOrEnv(args, io.env, STATEMENT_TIMEOUT) ?? 30_000;
  const { password } = parseConn(url);
  if (password) secrets.add(password);
  const reporting = new PgDb({ url, readOnly: false, statementTimeoutMs: timeout, onWarning: (m) => io.err(`${NAME}: warning: ${m}`) });
  return { reporting, close: () => reporting.close() };
}

export function powerBi(args: ParsedArgs, env: NodeJS.ProcessEnv): PowerBiSettings {
  return {
    reportUrl: str(args.flags, 'powerbi-url') ?? env.CLEARSIGHT_POWERBI_URL,
    page: str(args.flags, 'powerbi-page') ?? env.CLEARSIGHT_POWERBI_PAGE,
    scenarioField: str(args.flags, 'scenario-field') ?? env.CLEARSIGHT_POWERBI_SCENARIO_FIELD,
    runField: str(args.flags, 'run-field') ?? env.CLEARSIGHT_POWERBI_RUN_FIELD,
  };
}
