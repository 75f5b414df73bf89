/**
 * A full reload over a loaded schema, at the speed of a first load, with readers seeing the
 * previous rows until it commits: the tables are built anew in a staging schema
 * (`reporting_reload`, inside the run's transaction: nobody else sees it) exactly as a first
 * load builds them (COPY into tables without indexes, each index built once, statistics), then
 * swapped in at the end, in the same transaction: the old tables dropped, the new ones moved
 * into `reporting` under the same names, with the same index and constraint names.
 *
 * Until the swap the old tables are not touched (no lock beyond a reader's): readers keep
 * reading them while the load runs. The swap takes each old table's exclusive lock (waiting
 * for the readers in flight; readers arriving after it wait for the commit, then read the new
 * tables) and takes milliseconds. Whatever depends on the old tables is recreated on the new
 * ones (sql/etl/reload_dependents.sql): views and materialized views (with their indexes),
 * foreign keys from or to them (added again, so checked), the sequences their columns own,
 * triggers, grants. A failure anywhere rolls everything back: the old tables stay as they were.
 */
import { UserError } from '../core/errors';
import type { Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import type { IndexDdl } from './load';

export const STAGING = 'reporting_reload';

interface Dependent {
  kind: string;
  drop_sql: string | null;
  create_sql: string[];
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export class Reload {
  private readonly pattern: RegExp;

  private constructor(
    readonly tables: readonly string[],
    /** The reporting tables' indexes and keys, as statements on the staging tables. */
    readonly indexes: IndexDdl[],
  ) {
    this.pattern = new RegExp(`\\breporting\\.(${tables.join('|')})\\b`, 'g');
  }

  /** Creates the staging schema with an empty, index-free copy of each table (partitioned as the original). */
  static async prepare(tx: Tx, tables: readonly string[]): Promise<Reload> {
    const found = await tx.query<{ table_name: string; partitioned: boolean; partition_key: string | null }>(sqlText('etl/reload_tables'), [tables]);
    if (found.length !== tables.length) throw new UserError(`the reporting schema lacks some of its tables (${tables.join(', ')}): run the migrations first`);
    await tx.query(`DROP SCHEMA IF EXISTS ${STAGING} CASCADE`);
    await tx.query(`CREATE SCHEMA ${STAGING}`);
    for (const t of found) {
      const like = `LIKE reporting.${t.table_name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED`;
      await tx.query(`CREATE TABLE ${STAGING}.${t.table_name} (${like})${t.partitioned ? ` PARTITION BY ${t.partition_key}` : ''}`);
    }
    const reload = new Reload(tables, []);
    const indexes = await tx.query<IndexDdl>(sqlText('etl/bulk_indexes'), [tables]);
    for (const ix of indexes) reload.indexes.push({ ...ix, drop_sql: '', create_sql: reload.into(ix.create_sql) });
    return reload;
  }

  /** A statement on the reporting tables, made to act on their staging copies. */
  into(sql: string): string {
    return sql.replace(this.pattern, `${STAGING}.$1`);
  }

  /** Partitioned layout: the monthly partitions (`YYYY-MM`) a batch needs, in the staging schema. */
  async ensureMonths(tx: Tx, table: string, months: Iterable<string>): Promise<void> {
    for (const month of months) {
      if (!/^\d{4}-\d{2}$/.test(month)) throw new UserError(`${table}: cannot place a row dated '${month}' in a monthly partition`);
      const name = `${table}_p${month.replace('-', '_')}`;
      await tx.query(`CREATE TABLE ${STAGING}.${name} PARTITION OF ${STAGING}.${table} FOR VALUES FROM ('${month}-01') TO ('${nextMonth(month)}-01')`);
    }
  }

  /** The swap, at the end of the load (indexes built): old tables out, new ones in, dependents recreated. */
  async swap(tx: Tx): Promise<void> {
    const dependents = await tx.query<Dependent>(sqlText('etl/reload_dependents'), [this.tables]);
    const partitions = (await tx.query<{ partition_name: string }>(sqlText('etl/reload_partitions'), [this.tables])).map((r) => r.partition_name);
    // Every old table's lock at once (one statement): readers in flight finish, later ones wait for the commit.
    await tx.query(`LOCK TABLE ${this.tables.map((t) => `reporting.${t}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    for (const d of dependents) if (d.drop_sql) await tx.query(d.drop_sql);
    for (const t of this.tables) await tx.query(`DROP TABLE reporting.${t}`);
    for (const t of this.tables) await tx.query(`ALTER TABLE ${STAGING}.${t} SET SCHEMA reporting`);
    for (const p of partitions) await tx.query(`ALTER TABLE ${STAGING}.${p} SET SCHEMA reporting`);
    await tx.query(`DROP SCHEMA ${STAGING}`);
    // Sequences first (the new tables' defaults use them), then keys, then views over the new tables.
    const order = ['sequence', 'foreign key', 'trigger', 'view', 'grant'];
    for (const kind of order) for (const d of dependents) if (d.kind === kind) for (const sql of d.create_sql) await tx.query(sql);
  }
}
