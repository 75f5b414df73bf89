/**
 * Loading batches into the reporting tables with the statements of their specs (tables.ts):
 * COPY into the empty tables of a first load, upserts otherwise; the monthly partitions a
 * batch needs; the first load's indexes, dropped before and built once after. A full reload
 * over a loaded schema loads like a first load, into new tables (reload.ts, `onLoaded`).
 */
import type { Tx } from '../db/db';
import { copyRows } from '../db/copyFormat';
import { sqlText } from '../db/sqlFiles';
import type { Ctx } from './context';
import type { Reload } from './reload';
import type { Columns } from './rows';
import { ANALYZE, WRITTEN_TABLES, type AnyTable } from './tables';
import type { CopyTransformed } from './transform';

export interface IndexDdl {
  table_name: string;
  index_name: string;
  drop_sql: string;
  create_sql: string;
}

/** What a first load dropped: the indexes and the foreign keys. */
export interface BulkDdl {
  indexes: IndexDdl[];
  keys: IndexDdl[];
}

/**
 * Drops the foreign keys, then the indexes, of the tables the ETL writes (inside the
 * transaction); returns how to build them again (indexes first, then the keys).
 */
export async function dropIndexes(tx: Tx): Promise<BulkDdl> {
  const keys = await tx.query<IndexDdl>(sqlText('etl/bulk_foreign_keys'), [WRITTEN_TABLES]);
  const indexes = await tx.query<IndexDdl>(sqlText('etl/bulk_indexes'), [WRITTEN_TABLES]);
  for (const k of keys) await tx.query(k.drop_sql);
  for (const ix of [...indexes].reverse()) await tx.query(ix.drop_sql);
  return { indexes, keys };
}

/**
 * After a first load: the indexes dropped before it, each built once, planner statistics, then
 * the foreign keys added back (each validated once, by a join over the loaded tables).
 */
export async function buildIndexes(tx: Tx, ddl: BulkDdl, reload: Reload | null = null): Promise<void> {
  await tx.query(sqlText('etl/bulk_settings'));
  for (const ix of ddl.indexes) await tx.query(ix.create_sql);
  await tx.query(reload ? reload.into(ANALYZE) : ANALYZE);
  for (const k of ddl.keys) await tx.query(k.create_sql);
}

/** A statement on the reporting tables, on the tables this run loads (a reload's new ones: reload.ts). */
export function onLoaded(ctx: Pick<Ctx, 'reload'>, sql: string): string {
  return ctx.reload ? ctx.reload.into(sql) : sql;
}

/** Partitioned layout: creates the months a batch needs that this run has not seen yet (one statement). */
async function ensureMonths(ctx: Ctx, table: AnyTable, months: ReadonlySet<string>): Promise<void> {
  if (!ctx.partitions) return;
  const missing = new Set<string>();
  for (const month of months) if (!ctx.partitions.has(`${table.table}:${month}`)) missing.add(month);
  if (missing.size === 0) return;
  await flush(ctx);
  if (ctx.reload) await ctx.reload.ensureMonths(ctx.tx, table.table, missing);
  else await ctx.tx.query(sqlText('etl/ensure_partitions'), [table.table, [...missing].map((m) => `${m}-01`)]);
  for (const m of missing) ctx.partitions.add(`${table.table}:${m}`);
}

/** The `YYYY-MM` of each value of the partition column. */
function monthsOf(table: AnyTable, cols: Columns): Set<string> {
  const months = new Set<string>();
  if (table.partitionAt !== undefined) for (const v of cols[table.partitionAt]) months.add(typeof v === 'string' ? v.slice(0, 7) : '');
  return months;
}

/**
 * Sends one load. With source and target on separate connections the statement is sent
 * and the next batch is transformed while the server loads this one: at most one load
 * waits behind the one running (statements on a connection run in the order sent), and
 * `flush` waits for the last. A failed load fails the next call or the flush.
 */
async function send(ctx: Ctx, statement: () => Promise<unknown>): Promise<void> {
  if (!ctx.pipelined) {
    await statement();
    return;
  }
  const previous = ctx.inFlight;
  const current = statement();
  current.catch(() => undefined); // awaited by the next load or the flush
  ctx.inFlight = current;
  await previous;
}

/** Waits for the load in flight (before a statement that reads what it writes). */
export async function flush(ctx: Ctx): Promise<void> {
  const last = ctx.inFlight;
  ctx.inFlight = Promise.resolve();
  await last;
}

/** Loads one batch of column arrays (transform.ts): COPY into the empty tables of a first load, else upserts. */
export async function load(ctx: Ctx, table: AnyTable, cols: Columns): Promise<void> {
  const n = cols[0]?.length ?? 0;
  if (n === 0) return;
  if (ctx.partitions && table.partitionAt !== undefined) await ensureMonths(ctx, table, monthsOf(table, cols));
  ctx.loaded[table.table] += n;
  await send(ctx, () =>
    ctx.bulk
      ? ctx.tx.copyFrom(onLoaded(ctx, table.copy), copyRows(cols))
      : ctx.tx.query<{ scenario_id?: string }>(table.upsert, cols).then((rows) => {
          for (const r of rows) if (r.scenario_id) ctx.written.add(r.scenario_id);
        }),
  );
}

/** Loads rows already in COPY's format (first load, node calcs). */
export async function loadCopyRows(ctx: Ctx, table: AnyTable, t: CopyTransformed): Promise<void> {
  if (t.count === 0) return;
  await ensureMonths(ctx, table, t.months);
  ctx.loaded[table.table] += t.count;
  await send(ctx, () => ctx.tx.copyFrom(onLoaded(ctx, table.copy), t.rows));
}
