/**
 * Loads generated demo data into a database as the ClearSight source tables.
 *
 * Creates the tables from `sql/source/schema.sql`, then loads every table set-based in
 * one transaction: batches of rows go in as one array parameter per column through
 * `INSERT … SELECT … FROM unnest($1::uuid[], …)` (`sql/demo/insert_<table>.sql`).
 * Timestamps travel as UTC text, jsonb as JSON text, numerics as text.
 */
import type { Db, Queryable } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { isoToPgTimestamp } from '../core/time';
import type { DemoData } from './rows';

type ColumnKind = 'uuid' | 'text' | 'int' | 'bool' | 'ts' | 'json' | 'num';

export interface TableSpec {
  table: string;
  key: keyof Omit<DemoData, 'stories'>;
  /** Column names, in the order of the SQL file's parameters. */
  columns: ReadonlyArray<readonly [string, ColumnKind]>;
}

/** The source tables in load order (parents first), with their columns as the insert files take them. */
export const SOURCE_TABLES: readonly TableSpec[] = [
  {
    table: 'fc_model',
    key: 'models',
    columns: [
      ['id', 'uuid'],
      ['model_display_name', 'text'],
      ['disease_area', 'text'],
      ['therapeutic_area', 'text'],
    ],
  },
  {
    table: 'fc_model_node',
    key: 'nodes',
    columns: [
      ['id', 'uuid'],
      ['model_id', 'uuid'],
      ['node_display_name', 'text'],
      ['node_type', 'text'],
      ['node_group_name', 'text'],
      ['node_seq', 'int'],
    ],
  },
  {
    table: 'fc_scenario',
    key: 'scenarios',
    columns: [
      ['id', 'uuid'],
      ['model_id', 'uuid'],
      ['scenario_display_name', 'text'],
      ['status', 'text'],
      ['is_starter', 'bool'],
      ['scenario_start_year', 'int'],
      ['scenario_end_year', 'int'],
      ['forecast_init_id', 'uuid'],
      ['scenario_region', 'text'],
      ['scenario_country', 'text'],
      ['created_at', 'ts'],
      ['created_by', 'text'],
      ['created_req_id', 'uuid'],
      ['updated_at', 'ts'],
      ['updated_by', 'text'],
      ['updated_req_id', 'uuid'],
      ['submitted_at', 'ts'],
      ['submitted_by', 'text'],
      ['submitted_req_id', 'uuid'],
      ['locked_at', 'ts'],
      ['locked_by', 'text'],
      ['locked_req_id', 'uuid'],
    ],
  },
  {
    table: 'fc_scenario_run',
    key: 'runs',
    columns: [
      ['id', 'uuid'],
      ['scenario_id', 'uuid'],
      ['run_status', 'text'],
      ['run_at', 'ts'],
      ['run_complete_at', 'ts'],
      ['run_by', 'text'],
      ['run_req_id', 'uuid'],
      ['fail_reason', 'text'],
    ],
  },
  {
    table: 'fc_scenario_node_data',
    key: 'nodeData',
    columns: [
      ['id', 'uuid'],
      ['scenario_id', 'uuid'],
      ['model_node_id', 'uuid'],
      ['input_data', 'json'],
      ['input_hash', 'text'],
      ['created_at', 'ts'],
      ['created_by', 'text'],
      ['created_req_id', 'uuid'],
      ['end_at', 'ts'],
    ],
  },
  {
    table: 'fc_scenario_node_calc',
    key: 'nodeCalcs',
    columns: [
      ['id', 'uuid'],
      ['run_id', 'uuid'],
      ['model_node_id', 'uuid'],
      ['status', 'text'],
      ['fail_reason', 'text'],
      ['processing_start_at', 'ts'],
      ['processing_end_at', 'ts'],
      ['processing_duration', 'num'],
    ],
  },
];

export interface SeedOptions {
  /** Rows per INSERT (default 5,000). */
  batchSize?: number;
  /** Called after each batch with the table and the rows loaded into it so far. */
  onProgress?: (table: string, rows: number) => void;
}

function toParam(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'ts':
      return isoToPgTimestamp(value as string);
    case 'json':
      return JSON.stringify(value);
    case 'num':
      return String(value);
    default:
      return value;
  }
}

async function insertRows(
  tx: Queryable,
  spec: TableSpec,
  rows: ReadonlyArray<object>,
  batchSize: number,
  counts: Record<string, number>,
  onProgress: SeedOptions['onProgress'],
): Promise<void> {
  const sql = sqlText(`demo/insert_${spec.table}`);
  for (let from = 0; from < rows.length; from += batchSize) {
    const batch = rows.slice(from, from + batchSize) as ReadonlyArray<Record<string, unknown>>;
    const params = spec.columns.map(([name, kind]) => batch.map((row) => toParam(kind, row[name])));
    await tx.query(sql, params);
    counts[spec.table] += batch.length;
    onProgress?.(spec.table, counts[spec.table]);
  }
}

/** Creates the source tables (they must not exist yet). */
async function createSource(db: Db): Promise<void> {
  try {
    await db.exec(sqlText('source/schema'));
  } catch (err) {
    throw new Error(`cannot create the demo source tables (do they exist already? dropSource() removes them): ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Creates the source tables and loads the chunks (from `generateDemoChunks`, or any
 * sequence of DemoData whose rows only reference rows of the same or earlier chunks) in
 * one transaction, then ANALYZEs them. Returns the rows loaded per table.
 * On a load error the (empty) tables it created are dropped again.
 */
export async function seedChunks(
  db: Db,
  chunks: Iterable<DemoData> | AsyncIterable<DemoData>,
  options: SeedOptions = {},
): Promise<Record<string, number>> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 5000));
  const counts: Record<string, number> = Object.fromEntries(SOURCE_TABLES.map((t) => [t.table, 0]));
  await createSource(db);
  try {
    await db.transaction(async (tx) => {
      for await (const chunk of chunks) {
        for (const spec of SOURCE_TABLES) {
          await insertRows(tx, spec, chunk[spec.key], batchSize, counts, options.onProgress);
        }
      }
    });
  } catch (err) {
    await dropSource(db).catch(() => undefined);
    throw err;
  }
  await db.exec(sqlText('demo/analyze_source'));
  return counts;
}

/** Creates the source tables, loads `data` in one transaction and ANALYZEs; rows per table. */
export function seedSource(db: Db, data: DemoData, options: SeedOptions = {}): Promise<Record<string, number>> {
  return seedChunks(db, [data], options);
}

/** Drops the demo source tables (if they exist). */
export async function dropSource(db: Db): Promise<void> {
  await db.exec(sqlText('demo/drop_source'));
}
