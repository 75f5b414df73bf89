/**
 * Integration test harness. Tests run on the embedded PGlite by default and on a real
 * PostgreSQL server when CLEARSIGHT_TEST_DATABASE_URL is set: then every suite gets its
 * own databases (`clearsight_t_<run>_<n>`): one for production and another for the
 * reporting schema, as the tool requires (it refuses a reporting connection that is
 * production itself); all of this run's databases are dropped at the end, so runs never see
 * each other's data. (On PGlite, as in the demo, one embedded database holds both.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Db } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { PgliteDb } from '../../src/db/pgliteDb';
import { ensureDemoSeed } from '../../src/demo/demoDb';
import { generateDemo } from '../../src/demo/generator';
import type { DemoData } from '../../src/demo/rows';
import { seedSource } from '../../src/demo/seed';

export const SERVER_URL = process.env.CLEARSIGHT_TEST_DATABASE_URL || '';
export const ON_SERVER = SERVER_URL !== '';
export const BACKEND = ON_SERVER ? 'postgresql' : 'pglite';
export const ROOT = join(__dirname, '..', '..');
/** Shared across the run: the demo seed tarball is built once. */
export const CACHE_DIR = join(ROOT, '.cache', 'test');

const runTag = `${Date.now().toString(36)}_${process.pid}`;
const created: string[] = [];
let counter = 0;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: SERVER_URL, application_name: 'clearsight-tests' });
  c.on('error', () => undefined); // a connection dropped while idle fails the next query, never the process
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new empty database on the test server; its URL. */
export async function createServerDatabase(): Promise<string> {
  const name = `clearsight_t_${runTag}_${++counter}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return withDatabase(SERVER_URL, name);
}

export interface TestDbs {
  /** Production as the tool sees it (read-only on a server). */
  prod: Db;
  /** The database holding the reporting schema (read-write). */
  reporting: Db;
  /** Server URL of this suite's production database (the source tables; '' on PGlite). */
  url: string;
  /** Server URL of this suite's reporting database, another database ('' on PGlite). */
  reportingUrl: string;
  close(): Promise<void>;
}

/** Production (read-only) and reporting connections, to two server databases. */
function serverDbs(url: string, reportingUrl: string): TestDbs {
  const prod = new PgDb({ url, readOnly: true });
  const reporting = new PgDb({ url: reportingUrl, readOnly: false });
  return {
    prod,
    reporting,
    url,
    reportingUrl,
    close: async () => {
      await prod.close();
      await reporting.close();
    },
  };
}

let demoData: DemoData | undefined;
export function demo(): DemoData {
  demoData ??= generateDemo();
  return demoData;
}

/** A database holding the demo's source tables (no reporting schema yet). */
export async function seededDbs(): Promise<TestDbs> {
  if (!ON_SERVER) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const seed = await ensureDemoSeed(CACHE_DIR);
    const { readFileSync } = await import('node:fs');
    const db = await PgliteDb.open({ loadDataDir: new Blob([readFileSync(seed)]) });
    return { prod: db, reporting: db, url: '', reportingUrl: '', close: () => db.close() };
  }
  const url = await createServerDatabase();
  const rw = new PgDb({ url, readOnly: false });
  try {
    await seedSource(rw, demo());
  } finally {
    await rw.close();
  }
  return serverDbs(url, await createServerDatabase());
}

/** An empty database. */
export async function emptyDbs(): Promise<TestDbs> {
  if (!ON_SERVER) {
    const db = await PgliteDb.open();
    return { prod: db, reporting: db, url: '', reportingUrl: '', close: () => db.close() };
  }
  return serverDbs(await createServerDatabase(), await createServerDatabase());
}

export const mochaHooks = {
  beforeAll(): void {
    console.log(`integration tests on ${BACKEND}${ON_SERVER ? ` (${new URL(SERVER_URL).host})` : ''}, TZ=${process.env.TZ ?? '(unset)'}`);
  },
  async afterAll(): Promise<void> {
    if (!ON_SERVER || created.length === 0) return;
    await admin(async (c) => {
      for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  },
};

const REPORTING_TABLES = [
  'dim_node',
  'dim_scenario',
  'dim_run',
  'dim_user',
  'fact_scenario_events',
  'fact_input_changes',
  'fact_node_calculations',
  // The derived facts (src/etl/derived.ts).
  'fact_scenario_state_change',
  'fact_user_action',
  'fact_run_diagnostic',
  // The audit trail the ETL keeps (migration 015): an incremental must leave it as a full load does.
  'view_scenario_audit_trail',
];

/**
 * Columns that differ between equal loads: the surrogate keys drawn from a sequence
 * (event_id, change_id, state_change_id, action_id, diagnostic_id) and when the ETL wrote the row (etl_loaded_at).
 */
export const LOAD_DEPENDENT_COLUMNS = ['event_id', 'change_id', 'state_change_id', 'action_id', 'diagnostic_id', 'etl_loaded_at'];

/** A digest of every reporting table's content: equal digests = same rows, no duplicates. */
export async function digest(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const skip = LOAD_DEPENDENT_COLUMNS.map((c) => ` - '${c}'`).join('');
  for (const t of REPORTING_TABLES) {
    const [r] = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(y, '|' ORDER BY y)) AS h FROM (SELECT (to_jsonb(x)${skip})::text AS y FROM reporting.${t} x) z`,
    );
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}
