/**
 * A throw-away PostgreSQL database on the real server for the e2e session "postgres":
 * a fresh database holding the demo's source tables (the same generator and seed as the
 * embedded demo, so app.log's ids exist there), and a login role with a password that may
 * only read them (SELECT) and create the reporting schema (CREATE on the database).
 * dispose() drops both; leftovers of runs that were killed are dropped after an hour.
 *
 * The server is reached as `postgres` (CLEARSIGHT_E2E_PG_ADMIN_URL overrides
 * postgres://postgres@127.0.0.1:5432/postgres). On this machine pg_hba.conf trusts
 * 127.0.0.1: the server does not check the role's password. The test still stores it
 * through 'ClearSight: Set Database Password…' so that the SecretStorage path runs, but it
 * cannot prove that a wrong password would be refused.
 */
import { randomBytes } from 'node:crypto';
import { PgDb, describeUrl } from '../../src/db/pgDb';
import { generateDemo } from '../../src/demo/generator';
import { seedSource } from '../../src/demo/seed';

const ADMIN_URL = process.env.CLEARSIGHT_E2E_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'clearsight_e2e_';
/** Databases and roles of earlier runs older than this are leftovers of killed runs. */
const LEFTOVER_AGE_S = 3600;

export interface PgFixture {
  database: string;
  role: string;
  password: string;
  /** postgres://role@host:port/database, without the password (what settings.json holds). */
  url: string;
  /** The reporting database (another database, owned by the role: the ETL creates its schema there). */
  reportingUrl: string;
  reportingLabel: string;
  /** host:port/database as the extension shows it (status bar, panels). */
  label: string;
  /** Rows loaded per source table. */
  rows: Record<string, number>;
  /** The server's sessions of the role in the database, by application_name (pg_stat_activity). */
  sessions(): Promise<Record<string, number>>;
  dispose(): Promise<void>;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

function urlFor(database: string, user: string): string {
  const u = new URL(ADMIN_URL);
  u.username = encodeURIComponent(user);
  u.password = '';
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Drops what earlier runs left behind when they were killed before their cleanup. */
async function dropLeftovers(admin: PgDb, log: (m: string) => void): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const old = (name: string): boolean => {
    const m = new RegExp(`^${PREFIX}(\\d+)_`).exec(name);
    return !!m && now - Number(m[1]) > LEFTOVER_AGE_S;
  };
  const dbs = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
  for (const { datname } of dbs.filter((d) => old(d.datname))) {
    log(`dropping leftover database ${datname}`);
    await admin.exec(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
  }
  const roles = await admin.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE '${PREFIX}%'`);
  for (const { rolname } of roles.filter((r) => old(r.rolname))) {
    log(`dropping leftover role ${rolname}`);
    await admin.exec(`DROP ROLE IF EXISTS ${ident(rolname)}`).catch((e: unknown) => log(`cannot drop ${rolname}: ${(e as Error).message}`));
  }
}

export async function createPgFixture(log: (m: string) => void): Promise<PgFixture> {
  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const admin = new PgDb({ url: ADMIN_URL, readOnly: false, max: 1 });
  let created = false;
  const drop = async (): Promise<void> => {
    const a = new PgDb({ url: ADMIN_URL, readOnly: false, max: 1 });
    try {
      await a.exec(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
      await a.exec(`DROP DATABASE IF EXISTS ${ident(`${name}_rep`)} WITH (FORCE)`);
      await a.exec(`DROP ROLE IF EXISTS ${ident(name)}`);
      log(`dropped database and role ${name}`);
    } finally {
      await a.close();
    }
  };
  try {
    await dropLeftovers(admin, log);
    await admin.exec(`CREATE DATABASE ${ident(name)}`);
    created = true;
    // Trust authentication on 127.0.0.1 here: the password is stored but not checked.
    await admin.exec(`CREATE ROLE ${ident(name)} LOGIN PASSWORD ${literal(password)}`);
    // The reporting schema lives in another database (the tool refuses production's own).
    await admin.exec(`CREATE DATABASE ${ident(`${name}_rep`)} OWNER ${ident(name)}`);
    const owner = new PgDb({ url: urlFor(name, new URL(ADMIN_URL).username || 'postgres'), readOnly: false, max: 1 });
    let rows: Record<string, number>;
    try {
      rows = await seedSource(owner, generateDemo());
      // Read the source tables (the reporting schema goes into the role's own database name_rep).
      await owner.exec(`GRANT CONNECT ON DATABASE ${ident(name)} TO ${ident(name)}`);
      await owner.exec(`GRANT USAGE ON SCHEMA public TO ${ident(name)}`);
      await owner.exec(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${ident(name)}`);
    } finally {
      await owner.close();
    }
    const url = urlFor(name, name);
    log(`database ${name} seeded (${Object.entries(rows).map(([t, n]) => `${n} ${t}`).join(', ')}); role ${name} with a password`);
    const sessions = async (): Promise<Record<string, number>> => {
      const a = new PgDb({ url: ADMIN_URL, readOnly: false, max: 1 });
      try {
        const r = await a.query<{ app: string; n: number }>(
          'SELECT application_name AS app, count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND datname = $2 GROUP BY 1',
          [name, name],
        );
        return Object.fromEntries(r.map((x) => [x.app, x.n]));
      } finally {
        await a.close();
      }
    };
    const reportingUrl = urlFor(`${name}_rep`, name);
    return { database: name, role: name, password, url, label: describeUrl(url), reportingUrl, reportingLabel: describeUrl(reportingUrl), rows, sessions, dispose: drop };
  } catch (err) {
    if (created) await drop().catch(() => undefined);
    throw err;
  } finally {
    await admin.close();
  }
}
