/** The databases a command works on (--prod / --reporting / --demo and their variables) and the Power BI settings. */
import { UserError, type Db } from '../db/db';
import { PgDb } from '../db/pgDb';
import { AUTH_MODES, rdsIamFor } from '../db/rdsIam';
import type { PowerBiSettings } from '../engine/reports';
import { intFlag, NAME, str, type Io, type ParsedArgs } from './args';

/** The databases a command works on; close() closes what was opened. */
export interface Connections {
  prod: Db;
  reporting: Db | null;
  demo: boolean;
  close(): Promise<void>;
}

export async function connect(args: ParsedArgs, io: Io): Promise<Connections> {
  const timeout = intFlag(args.flags, 'statement-timeout', 0, 86_400_000) ?? (io.env.CLEARSIGHT_STATEMENT_TIMEOUT_MS ? Number(io.env.CLEARSIGHT_STATEMENT_TIMEOUT_MS) : 30_000);
  const prodUrl = str(args.flags, 'prod') ?? io.env.CLEARSIGHT_PROD_URL;
  const reportingUrl = str(args.flags, 'reporting') ?? io.env.CLEARSIGHT_REPORTING_URL;
  const demo = args.flags.has('demo') || (!prodUrl && !reportingUrl);
  if (demo) {
    if (prodUrl || reportingUrl) throw new UserError('--demo cannot be combined with --prod or --reporting');
    if (!args.flags.has('demo')) io.err(`${NAME}: no database configured (--prod / CLEARSIGHT_PROD_URL): using the embedded demo database`);
    // The demo generator and PGlite load only for the demo.
    const { openDemo } = await import('../demo/demoDb');
    const db = await openDemo({ onProgress: (m) => io.err(`${NAME}: ${m}`) });
    return { prod: db, reporting: db, demo: true, close: () => db.close() };
  }
  if (!prodUrl) throw new UserError('no production database: pass --prod URL or set CLEARSIGHT_PROD_URL');
  const warn = (m: string): void => io.err(`${NAME}: warning: ${m}`);
  const auth = str(args.flags, 'auth') ?? io.env.CLEARSIGHT_AUTH ?? 'password';
  if (!(AUTH_MODES as readonly string[]).includes(auth)) throw new UserError(`--auth: expected password or aws-iam, got '${auth}'`);
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

export function powerBi(args: ParsedArgs, env: NodeJS.ProcessEnv): PowerBiSettings {
  return {
    reportUrl: str(args.flags, 'powerbi-url') ?? env.CLEARSIGHT_POWERBI_URL,
    page: str(args.flags, 'powerbi-page') ?? env.CLEARSIGHT_POWERBI_PAGE,
    scenarioField: str(args.flags, 'scenario-field') ?? env.CLEARSIGHT_POWERBI_SCENARIO_FIELD,
    runField: str(args.flags, 'run-field') ?? env.CLEARSIGHT_POWERBI_RUN_FIELD,
  };
}
