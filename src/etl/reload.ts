/**
 * A full reload over a loaded schema (`etl --full` again, e.g. after a migration), at the cost
 * of a first load, with readers seeing the previous rows until it commits.
 *
 * Every table the ETL writes (the loaded ones and the derived facts) is built anew in a staging
 * schema, `reporting_reload`, created inside the run's transaction (nobody else sees it), the way
 * a first load builds them: COPY into tables without indexes, the derived facts computed from the
 * staging tables, each index built once, statistics, the foreign keys between them validated
 * once. The views over them (the audit trail's definition, reporting.audit_trail_rows, among
 * them; materialized ones populated, with their indexes) are built there too, over the new tables. Only then, still in the same transaction, the swap: the old
 * tables and views dropped, the new ones moved into `reporting` under the same names (indexes,
 * constraints, statistics and the views' references follow the tables), and what lives outside
 * the swapped set made again: foreign keys from other tables, the sequences their columns own,
 * triggers (migration 014's write marks), grants.
 *
 * Until the swap the old tables are not touched: readers keep reading them, without waiting,
 * for the whole load. The swap takes their exclusive locks (readers in flight finish first;
 * readers arriving after it wait for the commit, then read the new tables) and holds them for
 * catalog work only: milliseconds, whatever the tables' size. A failure anywhere rolls
 * everything back, the staging schema with it: the old tables stay as they were.
 *
 * Statements reach the staging tables through `into`, which rewrites `reporting.<table>` for the
 * swapped tables and views (tables.ts and the SQL files name them so); everything else (settings,
 * logs, archives) is read and written where it is.
 */
import { UserError } from '../core/errors';
import type { Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import type { BulkDdl, IndexDdl } from './load';

export const STAGING = 'reporting_reload';

/** A view or materialized view over the swapped tables, built again over the new ones. */
interface DependentView {
  schema: string;
  name: string;
  materialized: boolean;
  /** CREATE, its indexes and its grants, on `reporting`: rewritten to the staging schema. */
  create_sql: string[];
}

/** What lives outside the swapped set and is made again after the swap. */
interface Dependent {
  kind: 'sequence' | 'foreign key' | 'trigger' | 'grant';
  /** Detaches it from the old table before the drop (NULL: goes with the old table). */
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
    private readonly views: readonly DependentView[],
    private readonly dependents: readonly Dependent[],
    /** The swapped tables' indexes and the foreign keys among them (or to tables kept), on the staging tables. */
    readonly ddl: BulkDdl,
  ) {
    const names = [...tables, ...views.map((v) => v.name)].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(`\\breporting\\.(${names.join('|')})\\b`, 'g');
  }

  /**
   * Creates the staging schema with an empty, index-free copy of each table (partitioned as the
   * original); or, where new tables cannot be swapped in, says why (the reload then deletes and
   * loads in place): a distributed PostgreSQL (Citus), whose tables are the extension's to create
   * and place, or a view in another schema over the tables (it would have to move).
   */
  static async prepare(tx: Tx, tables: readonly string[]): Promise<Reload | string> {
    if ((await tx.query<{ distributed: boolean }>(sqlText('etl/reload_distributed')))[0]?.distributed) return 'a distributed PostgreSQL (Citus)';
    const found = await tx.query<{ table_name: string; partitioned: boolean; partition_key: string | null }>(sqlText('etl/reload_tables'), [tables]);
    if (found.length !== tables.length) throw new UserError(`the reporting schema lacks some of its tables (${tables.join(', ')}): run the migrations first`);
    const views = await tx.query<DependentView>(sqlText('etl/reload_views'), [tables]);
    const outside = views.filter((v) => v.schema !== 'reporting').map((v) => `${v.schema}.${v.name}`);
    if (outside.length > 0) return `the view${outside.length > 1 ? 's' : ''} ${outside.join(', ')} outside the reporting schema read${outside.length > 1 ? '' : 's'} its tables`;
    const dependents = await tx.query<Dependent>(sqlText('etl/reload_dependents'), [tables]);
    const indexes = await tx.query<IndexDdl>(sqlText('etl/bulk_indexes'), [tables]);
    // The keys of the swapped tables: validated in the staging schema (those of other tables
    // pointing at them are dependents, added again after the swap).
    const keys = (await tx.query<IndexDdl>(sqlText('etl/bulk_foreign_keys'), [tables])).filter((k) => tables.includes(k.table_name));
    const reload = new Reload(tables, views, dependents, { indexes: [], keys: [] });
    for (const ix of indexes) reload.ddl.indexes.push({ ...ix, drop_sql: '', create_sql: reload.into(ix.create_sql) });
    for (const k of keys) reload.ddl.keys.push({ ...k, drop_sql: '', create_sql: reload.into(k.create_sql) });
    await tx.query(`DROP SCHEMA IF EXISTS ${STAGING} CASCADE`);
    await tx.query(`CREATE SCHEMA ${STAGING}`);
    for (const t of found) {
      const like = `LIKE reporting.${t.table_name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED`;
      await tx.query(`CREATE TABLE ${STAGING}.${t.table_name} (${like})${t.partitioned ? ` PARTITION BY ${t.partition_key}` : ''}`);
    }
    return reload;
  }

  /** A statement on the reporting tables, made to act on their staging copies. */
  into(sql: string): string {
    return sql.replace(this.pattern, `${STAGING}.$1`);
  }

  /** Partitioned layout: the monthly partitions (`YYYY-MM`) a batch needs, in the staging schema, named as migration 010's function names them. */
  async ensureMonths(tx: Tx, table: string, months: Iterable<string>): Promise<void> {
    for (const month of months) {
      if (!/^\d{4}-\d{2}$/.test(month)) throw new UserError(`${table}: cannot place a row dated '${month}' in a monthly partition`);
      const name = `${table}_p${month.replace('-', '_')}`;
      await tx.query(`CREATE TABLE IF NOT EXISTS ${STAGING}.${name} PARTITION OF ${STAGING}.${table} FOR VALUES FROM ('${month}-01') TO ('${nextMonth(month)}-01')`);
    }
  }

  /** After the load: the views over the new tables, in the staging schema (a materialized one populated). */
  async buildViews(tx: Tx): Promise<void> {
    for (const v of this.views) for (const sql of v.create_sql) await tx.query(this.into(sql));
  }

  /** The swap, at the end of the load: old tables and views out, new ones in, outside dependents made again. */
  async swap(tx: Tx): Promise<void> {
    const partitions = (await tx.query<{ partition_name: string }>(sqlText('etl/reload_partitions'), [this.tables])).map((r) => r.partition_name);
    const list = this.tables.map((t) => `reporting.${t}`).join(', ');
    // Every old table's lock at once: readers in flight finish, later ones wait for the commit.
    await tx.query(`LOCK TABLE ${list} IN ACCESS EXCLUSIVE MODE`);
    for (const d of this.dependents) if (d.drop_sql) await tx.query(d.drop_sql);
    // Views in the reverse order of their creation (a view over another goes first).
    for (const v of [...this.views].reverse()) await tx.query(`DROP ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} reporting.${v.name}`);
    // One statement: the foreign keys among the old tables go with them.
    await tx.query(`DROP TABLE ${list}`);
    for (const t of [...this.tables, ...partitions]) await tx.query(`ALTER TABLE ${STAGING}.${t} SET SCHEMA reporting`);
    for (const v of this.views) await tx.query(`ALTER ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${STAGING}.${v.name} SET SCHEMA reporting`);
    await tx.query(`DROP SCHEMA ${STAGING}`);
    // Sequences first (the new tables' defaults use them), then the keys of other tables, triggers, grants.
    for (const kind of ['sequence', 'foreign key', 'trigger', 'grant'] as const) {
      for (const d of this.dependents) if (d.kind === kind) for (const sql of d.create_sql) await tx.query(sql);
    }
  }
}
