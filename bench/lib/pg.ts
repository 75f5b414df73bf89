/**
 * Server administration for the benchmark: its own databases on the PostgreSQL server
 * (`clearsight_bench_<name>`), created and dropped here, and plain `pg` clients for the
 * measurements that need a raw connection (COPY, EXPLAIN, row-by-row).
 */
import { Client } from 'pg';
import { PgDb } from '../../src/db/pgDb';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const NAME_RE = /^[a-z][a-z0-9_]{0,62}$/;

function ident(name: string): string {
  if (!NAME_RE.test(name)) throw new Error(`not a benchmark database name: ${name}`);
  return name;
}

export async function rawClient(url: string, applicationName = 'clearsight-bench'): Promise<Client> {
  const c = new Client({ connectionString: url, application_name: applicationName });
  // A connection the server drops (a database dropped WITH (FORCE)) fails its next query; it must not crash the run.
  c.on('error', (err) => console.error(`[bench] connection to ${new URL(url).pathname.slice(1)} lost: ${err.message}`));
  await c.connect();
  return c;
}

export async function admin<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await rawClient(serverUrl, 'clearsight-bench-admin');
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return admin(serverUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

export async function databaseComment(serverUrl: string, name: string): Promise<string | null> {
  return admin(serverUrl, async (c) => {
    const r = await c.query<{ d: string | null }>(
      'SELECT shobj_description(oid, $2) AS d FROM pg_database WHERE datname = $1',
      [name, 'pg_database'],
    );
    return r.rows[0]?.d ?? null;
  });
}

export async function setDatabaseComment(serverUrl: string, name: string, comment: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`COMMENT ON DATABASE ${ident(name)} IS ${literal(comment)}`));
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await admin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(name)}`);
  });
  return withDatabase(serverUrl, name);
}

/** A string literal for the few admin statements that cannot take parameters. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The engine's own adapter, as the CLI opens it (no statement timeout for the big loads). */
export function engineDb(url: string, readOnly: boolean, statementTimeoutMs = 0): PgDb {
  return new PgDb({ url, readOnly, statementTimeoutMs });
}
