/**
 * The ETL measurements: our ETL as the CLI runs it, and the two references beside it on
 * the same data in the same process.
 *
 * - row by row: our very ETL (same extraction, same transform) whose target turns every
 *   batch load into one single-row `INSERT … VALUES … ON CONFLICT` per row, on the
 *   indexed tables (no first-load index strategy). On a subset when the whole would take
 *   too long: only the first fraction of each batch is inserted, and the insert time is
 *   extrapolated to all rows (labelled so).
 * - COPY pipe: the same rows moved with `COPY (SELECT …) TO STDOUT` → `COPY … FROM
 *   STDIN` with no transform, into the same tables (as the migrations create them), in
 *   one transaction. Tables with a source table read it (the same windows as the ETL);
 *   the rows the ETL derives (events, users) are read from the reporting tables our run
 *   wrote.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { Db, Row, Session, TransactionOptions, Tx } from '../../src/db/db';
import type { PgDb } from '../../src/db/pgDb';
import { sqlText } from '../../src/db/sqlFiles';
import { runEtl, type EtlMode, type EtlResult } from '../../src/etl/etl';
import { REPORTING_TABLES, TABLES_EMPTY } from '../../src/etl/tables';
import { backendCpu, loadAverage, nodeCpuSeconds } from './cpu';
import { pipe } from './copyPipe';

export interface Timed {
  ms: number;
  rows: number;
  rowsPerSec: number;
  cpu: { node: number; source: number; target: number };
  load: number;
}

export interface OursRun extends Timed {
  result: EtlResult;
}

export async function timeOurs(
  admin: Client,
  dbs: { source: PgDb; target: PgDb; sourceName: string; targetName: string },
  options: { mode: EtlMode; batchSize?: number; partitioned?: boolean },
): Promise<OursRun> {
  const cpuBefore = { node: nodeCpuSeconds(), source: await backendCpu(admin, dbs.sourceName), target: await backendCpu(admin, dbs.targetName) };
  const load = loadAverage();
  const t0 = performance.now();
  const result = await runEtl({ source: dbs.source, target: dbs.target, mode: options.mode, batchSize: options.batchSize, partitioned: options.partitioned });
  const ms = performance.now() - t0;
  const rows = Object.values(result.loaded).reduce((a, b) => a + b, 0);
  return {
    ms,
    rows,
    rowsPerSec: rows / (ms / 1000),
    cpu: {
      node: nodeCpuSeconds() - cpuBefore.node,
      source: (await backendCpu(admin, dbs.sourceName)) - cpuBefore.source,
      target: (await backendCpu(admin, dbs.targetName)) - cpuBefore.target,
    },
    load,
    result,
  };
}

// ---------------------------------------------------------------------------------------------
// Row by row

/** `INSERT … SELECT … FROM unnest($1::uuid[], …)` → the same statement for one row: `FROM (VALUES ($1::uuid, …))`. */
export function perRowSql(sql: string): string {
  return sql.replace(/unnest\(([^)]*)\)(\s+AS\s+u\b)?/i, (_m, args: string, alias: string | undefined) => `(VALUES (${args.replace(/\[\]/g, '')}))${alias ?? ' AS v'}`);
}

const ROLLBACK = Symbol('rollback');

/** A statement to run for one row, and which parameter is the row's key. */
type RowInsert = [sql: string, params: unknown[], key: number];

/** The key parameter of each load statement (0-based, its key's last column): new keys make the same rows new rows. */
const KEY_PARAM = new Map(REPORTING_TABLES.map((t) => [t.upsert, t.columns.findIndex((c) => c.name === t.key[t.key.length - 1])]));

interface Collected {
  rowsTotal: number;
  rows: RowInsert[];
}

/**
 * A target Db for runEtl that does everything but the loads (always on the upsert path, as a
 * naive loader would, and rolled back at the end): each batch load is collected instead, as
 * one single-row statement per row for the first `fraction` of the batch.
 */
function collectingTarget(inner: PgDb, fraction: number, out: Collected, watermark?: string | null): Db {
  const loadNames = new Map<string, [string, number]>();
  for (const [sql, key] of KEY_PARAM) loadNames.set(sql, [perRowSql(sql), key]);
  const collect = (single: string, key: number, cols: unknown[][]): void => {
    const n = cols[0]?.length ?? 0;
    out.rowsTotal += n;
    for (let i = 0, take = Math.min(n, Math.ceil(n * fraction)); i < take; i++) out.rows.push([single, cols.map((c) => c[i]), key]);
  };
  // A full load (a first load, or a reload into new tables) COPYs: the rows go to the same single-row upserts.
  const byTable = new Map(REPORTING_TABLES.map((t) => [t.table, [perRowSql(t.upsert), KEY_PARAM.get(t.upsert)!] as const]));
  const copied = (sql: string, data: string | Buffer): number => {
    const table = /^COPY \w+\.(\w+) /.exec(sql)?.[1];
    const load = table ? byTable.get(table) : undefined;
    if (!load) throw new Error(`row by row: unexpected COPY ${sql.slice(0, 60)}`);
    const rows = fromCopyText(data.toString());
    const cols: unknown[][] = rows[0] ? rows[0].map((_, c) => rows.map((r) => r[c])) : [];
    collect(load[0], load[1], cols);
    return rows.length;
  };
  const emptySql = TABLES_EMPTY;
  const stateSql = sqlText('etl/state_read');
  const wrapTx = (tx: Tx): Tx => ({
    exec: (sql) => tx.exec(sql),
    copyFrom: (sql, data) => Promise.resolve(copied(sql, data)),
    copyOut: (sql, maxRows) => tx.copyOut(sql, maxRows),
    query: async <R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> => {
      if (sql === emptySql) return [{ empty: false } as R];
      // The window of the run it is compared with (that run has moved the watermark on since).
      if (sql === stateSql && watermark !== undefined) return [{ watermark, last_success_at: null, last_mode: 'incremental' } as R];
      const load = loadNames.get(sql);
      if (!load || !params) return tx.query<R>(sql, params);
      collect(load[0], load[1], params as unknown[][]);
      return [];
    },
  });
  return {
    kind: 'pg',
    label: `${inner.label} (row by row)`,
    readOnly: false,
    query: (sql, params) => inner.query(sql, params),
    exec: (sql) => inner.exec(sql),
    session: <T>(fn: (s: Session) => Promise<T>) => inner.session(fn),
    cancelRunning: () => inner.cancelRunning(),
    close: () => inner.close(),
    transaction: async <T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> => {
      let result!: T;
      try {
        await inner.transaction(async (tx) => {
          result = await fn(wrapTx(tx));
          throw ROLLBACK;
        }, options);
      } catch (err) {
        if (err !== ROLLBACK) throw err;
      }
      return result;
    },
  } as Db;
}

/** COPY's text format back into rows of values (NULL as null, escapes undone). */
function fromCopyText(text: string): Array<Array<string | null>> {
  const un = (f: string): string | null =>
    f === '\\N' ? null : f.replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' })[c] ?? c);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t').map(un));
}

export interface RowByRowRun extends Timed {
  /** Extraction, transform and the other statements (everything but the row inserts). */
  extractMs: number;
  /** The row inserts actually run. */
  insertMs: number;
  /** Full load only: the same rows inserted (as new rows) into tables of the final size. */
  insertFullMs?: number;
  fraction: number;
  rowsInserted: number;
  extrapolated: boolean;
}

/**
 * Row by row in two measured phases: (1) our ETL with every load collected instead of run
 * (extraction, transform, deletes, derived columns: as ours); (2) the collected rows, one
 * INSERT … VALUES … ON CONFLICT each, in one transaction (rolled back). Total = (1) +
 * (2) ÷ the fraction of rows inserted.
 */
export async function timeRowByRow(
  admin: Client,
  dbs: { source: PgDb; target: PgDb; sourceName: string; targetName: string },
  options: { mode: EtlMode; fraction: number; batchSize?: number; watermark?: string | null; loaded?: PgDb },
): Promise<RowByRowRun> {
  const collected: Collected = { rowsTotal: 0, rows: [] };
  const target = collectingTarget(dbs.target, options.fraction, collected, options.watermark);
  const load = loadAverage();
  const cpu0 = { node: nodeCpuSeconds(), source: await backendCpu(admin, dbs.sourceName), target: await backendCpu(admin, dbs.targetName) };
  const t0 = performance.now();
  const result = await runEtl({ source: dbs.source, target, mode: options.mode, batchSize: options.batchSize });
  const extractMs = performance.now() - t0;
  const t1 = performance.now();
  await dbs.target
    .transaction(async (tx) => {
      for (const [sql, params] of collected.rows) await tx.query(sql, params);
      throw ROLLBACK;
    })
    .catch((err) => {
      if (err !== ROLLBACK) throw err;
    });
  const insertMs = performance.now() - t1;
  const cpu1 = { node: nodeCpuSeconds(), source: await backendCpu(admin, dbs.sourceName), target: await backendCpu(admin, dbs.targetName) };
  // A full load starts on empty tables and ends on full ones: the same rows again, as new
  // rows (fresh keys), into the tables our load filled; the estimate takes the mean.
  let insertFullMs: number | undefined;
  if (options.loaded) {
    const fresh = (v: unknown): unknown => (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? randomUUID() : `${String(v)}#rbr`);
    const t2 = performance.now();
    await options.loaded
      .transaction(async (tx) => {
        for (const [sql, params, key] of collected.rows) {
          const p = params.slice();
          p[key] = fresh(p[key]);
          await tx.query(sql, p);
        }
        throw ROLLBACK;
      })
      .catch((err) => {
        if (err !== ROLLBACK) throw err;
      });
    insertFullMs = performance.now() - t2;
  }
  const inserted = collected.rows.length;
  const f = collected.rowsTotal > 0 ? inserted / collected.rowsTotal : 1;
  const extrapolated = f < 1;
  const ms = extractMs + (insertFullMs === undefined ? insertMs : (insertMs + insertFullMs) / 2) / f;
  const rows = Object.values(result.loaded).reduce((a, b) => a + b, 0);
  return {
    ms,
    extractMs,
    insertMs,
    insertFullMs,
    rows,
    rowsPerSec: rows / (ms / 1000),
    fraction: f,
    rowsInserted: inserted,
    extrapolated,
    // CPU seconds only when every row went in (an extrapolation has no honest split).
    cpu: extrapolated
      ? { node: NaN, source: NaN, target: NaN }
      : { node: cpu1.node - cpu0.node, source: cpu1.source - cpu0.source, target: cpu1.target - cpu0.target },
    load,
  };
}

// ---------------------------------------------------------------------------------------------
// COPY pipe

interface PipeTable {
  table: string;
  /** Reads the rows: from the source (`$1` = window start or NULL) or from our reporting tables. */
  from: 'source' | 'reporting';
  select: string;
}

/** The ETL's row sets, no transform: source columns mapped onto the reporting columns. */
const PIPE_TABLES: readonly PipeTable[] = [
  {
    table: 'dim_node',
    from: 'source',
    select: `SELECT n.id, n.model_id, m.model_display_name, m.disease_area, m.therapeutic_area, n.node_display_name, n.node_type, n.node_group_name, n.node_seq
               FROM fc_model_node n JOIN fc_model m ON m.id = n.model_id`,
  },
  {
    table: 'dim_run',
    from: 'source',
    select: `SELECT r.id, r.scenario_id, r.run_status, r.run_at, r.run_complete_at, r.run_by, r.run_req_id, r.fail_reason, NULL::text, NULL::text, NULL::text
               FROM fc_scenario_run r
              WHERE $1::timestamp IS NULL OR r.run_at >= $1::timestamp OR r.run_complete_at >= $1::timestamp OR r.run_status IN ('queued', 'running')`,
  },
  {
    table: 'fact_node_calculations',
    from: 'source',
    select: `SELECT r.scenario_id, c.id, c.run_id, c.model_node_id, c.status, c.fail_reason, NULL::text, c.processing_start_at, c.processing_end_at,
                    c.processing_duration, r.run_at, NULL::text
               FROM fc_scenario_node_calc c JOIN fc_scenario_run r ON r.id = c.run_id
              WHERE $1::timestamp IS NULL OR r.run_at >= $1::timestamp OR r.run_complete_at >= $1::timestamp OR r.run_status IN ('queued', 'running')`,
  },
  {
    table: 'fact_input_changes',
    from: 'source',
    select: `SELECT d.scenario_id, d.id, d.model_node_id, d.created_at, d.created_by, d.created_req_id, d.end_at, d.input_hash, NULL::text, d.input_data, true, NULL::text, NULL::text
               FROM fc_scenario_node_data d
              WHERE $1::timestamp IS NULL OR d.created_at >= $1::timestamp OR d.end_at >= $1::timestamp`,
  },
  {
    table: 'dim_scenario',
    from: 'source',
    select: `SELECT s.id, s.scenario_display_name, s.status, s.model_id, m.model_display_name, m.disease_area, m.therapeutic_area, s.is_starter,
                    s.scenario_start_year, s.scenario_end_year, s.forecast_init_id, s.scenario_region, s.scenario_country,
                    s.created_at, s.created_by, s.created_req_id, s.updated_at, s.updated_by, s.updated_req_id,
                    s.submitted_at, s.submitted_by, s.submitted_req_id, s.locked_at, s.locked_by, s.locked_req_id
               FROM fc_scenario s JOIN fc_model m ON m.id = s.model_id
              WHERE $1::timestamp IS NULL OR s.created_at >= $1::timestamp OR s.updated_at >= $1::timestamp
                 OR s.submitted_at >= $1::timestamp OR s.locked_at >= $1::timestamp
                 OR s.id IN (SELECT scenario_id FROM fc_scenario_run WHERE run_at >= $1::timestamp OR run_complete_at >= $1::timestamp)
                 OR s.id IN (SELECT scenario_id FROM fc_scenario_node_data WHERE created_at >= $1::timestamp OR end_at >= $1::timestamp)`,
  },
  {
    table: 'fact_scenario_events',
    from: 'reporting',
    select: `SELECT scenario_id, event_key, event_type, event_rank, event_timestamp, event_user, node_id, run_id, request_id, event_description, event_details
               FROM reporting.fact_scenario_events WHERE $1::timestamp IS NULL OR event_timestamp >= $1::timestamp`,
  },
  {
    table: 'dim_user',
    from: 'reporting',
    select: `SELECT user_id, username, first_seen_at, last_seen_at FROM reporting.dim_user WHERE $1::timestamp IS NULL OR last_seen_at >= $1::timestamp`,
  },
];

export interface PipeRun extends Timed {
  perTable: Record<string, number>;
}

/**
 * Moves the rows into `intoSchema` tables of `target` (created there as copies of the
 * reporting tables, indexes and all) inside one transaction that is rolled back: the
 * physical work of loading them, nothing kept. `since` = the incremental window's start.
 */
export async function timeCopyPipe(
  admin: Client,
  c: { source: Client; reporting: Client; target: Client; sourceName: string; reportingName: string; targetName: string },
  options: { since: string | null; intoFreshTables: boolean },
): Promise<PipeRun> {
  const cpuBefore = { node: nodeCpuSeconds(), source: await backendCpu(admin, c.sourceName, 'clearsight-bench'), target: await backendCpu(admin, c.targetName, 'clearsight-bench') };
  const load = loadAverage();
  const perTable: Record<string, number> = {};
  const t0 = performance.now();
  await c.target.query('BEGIN');
  try {
    if (options.intoFreshTables) {
      // Incremental: the window's rows into empty copies of the (populated) tables.
      await c.target.query('CREATE SCHEMA bench_pipe');
      for (const t of PIPE_TABLES) await c.target.query(`CREATE TABLE bench_pipe.${t.table} (LIKE reporting.${t.table} INCLUDING ALL)`);
      await c.target.query('SET LOCAL search_path = bench_pipe');
    }
    for (const t of PIPE_TABLES) {
      const from = t.from === 'source' ? c.source : c.reporting;
      let into = REPORTING_TABLES.find((r) => r.table === t.table)!.copy;
      if (options.intoFreshTables) into = into.replace('reporting.', 'bench_pipe.');
      try {
        perTable[t.table] = await pipe(from, t.select, [options.since], c.target, into);
      } catch (err) {
        throw new Error(`COPY pipe ${t.table}: ${(err as Error).message}`);
      }
    }
  } finally {
    await c.target.query('ROLLBACK');
  }
  const ms = performance.now() - t0;
  const rows = Object.values(perTable).reduce((a, b) => a + b, 0);
  return {
    ms,
    rows,
    rowsPerSec: rows / (ms / 1000),
    perTable,
    cpu: {
      node: nodeCpuSeconds() - cpuBefore.node,
      source: (await backendCpu(admin, c.sourceName, 'clearsight-bench')) - cpuBefore.source,
      target: (await backendCpu(admin, c.targetName, 'clearsight-bench')) - cpuBefore.target,
    },
    load,
  };
}
