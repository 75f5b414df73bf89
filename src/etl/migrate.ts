import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors';
import type { Db, Queryable } from '../db/db';
import { packageRoot, sqlText } from '../db/sqlFiles';
import { backfillDesignCategories, backfillErrorCategories, CATEGORY_BACKFILLS } from './categories';
import { deriveFacts, EVERYTHING } from './derived';

/** The migration after which the derived facts are computed over what is loaded (sql/reporting/011). */
const DERIVED_BACKFILL = 'audit_facts';

/** Advisory lock keys (two-int form): class 0x43535243 = 'CSRC', object 1 = migrations, 2 = ETL. */
export const LOCK_CLASS = 0x43535243;
export const MIGRATION_LOCK = 1;
export const ETL_LOCK = 2;

export interface Migration {
  version: number;
  name: string;
}

/** `sql/reporting/NNN_name.sql`, in version order (000 is the bookkeeping table itself). */
export function listMigrations(): Migration[] {
  return readdirSync(join(packageRoot(), 'sql', 'reporting'))
    .map((f) => /^(\d{3})_([\w-]+)\.sql$/.exec(f))
    .filter((m): m is RegExpExecArray => !!m && Number(m[1]) > 0)
    .map((m) => ({ version: Number(m[1]), name: m[2] }))
    .sort((a, b) => a.version - b.version);
}

export type FactLayout = 'plain' | 'partitioned';

export interface MigrateOptions {
  /**
   * Create the fact tables partitioned by month (sql/reporting/layouts/partitioned.sql).
   * Only when the schema is created: an existing schema keeps its layout, and asking for
   * partitions on a plain one is an error.
   */
  partitioned?: boolean;
  /** Stop after this version (tests build an older schema with it); default: the latest. */
  upTo?: number;
}

/**
 * Creates or upgrades the reporting schema: every pending migration in one transaction
 * (all of them or none), under an advisory transaction lock so two processes never
 * migrate at once. Returns the versions applied now.
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<number[]> {
  // Never DDL on the production connection (PostgreSQL would refuse it too; this says why).
  if (db.readOnly) throw new UserError(`the reporting schema is never created on the read-only (production) connection ${db.label}`);
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    await tx.query(sqlText('admin/advisory_xact_lock'), [LOCK_CLASS, MIGRATION_LOCK]);
    await tx.exec(sqlText('reporting/000_migrations_table'));
    if (options.partitioned && (await tx.query<{ fresh: boolean }>(sqlText('admin/reporting_fresh')))[0]?.fresh) {
      await tx.exec(sqlText('reporting/layouts/partitioned'));
    }
    const done = new Set(
      (await tx.query<{ version: number }>(sqlText('admin/migrations_applied'))).map((r) => Number(r.version)),
    );
    for (const m of listMigrations()) {
      if (done.has(m.version) || m.version > (options.upTo ?? Infinity)) continue;
      await tx.exec(sqlText(`reporting/${String(m.version).padStart(3, '0')}_${m.name}`));
      // Rows loaded before a derived column existed get it now, in the same transaction.
      if (CATEGORY_BACKFILLS[m.name]) await backfillErrorCategories(tx, CATEGORY_BACKFILLS[m.name]);
      // 011: the design's category of the runs loaded, then the derived facts of everything loaded
      // (the ETL's own statements, src/etl/derived.ts); 015 fills the audit trail from them.
      if (m.name === DERIVED_BACKFILL) {
        await backfillDesignCategories(tx);
        await deriveFacts(tx, EVERYTHING);
      }
      await tx.query(sqlText('admin/migration_record'), [m.version, m.name]);
      applied.push(m.version);
    }
    if (options.partitioned && (await factLayout(tx)) !== 'partitioned') {
      throw new UserError(
        'the reporting schema already exists with plain fact tables: --partitioned applies only when it is created (to switch, drop the schema reporting and run etl --full --partitioned)',
      );
    }
  });
  return applied;
}

/** The fact layout of a migrated reporting schema. */
export async function factLayout(q: Queryable): Promise<FactLayout> {
  const rows = await q.query<{ layout: string | null }>(sqlText('etl/layout'));
  return rows[0]?.layout === 'partitioned' ? 'partitioned' : 'plain';
}

/** Whether the reporting schema exists and is at the latest version (no writes). */
export async function reportingVersion(db: Db): Promise<{ current: number; latest: number }> {
  const latest = Math.max(0, ...listMigrations().map((m) => m.version));
  const exists = await db.query<{ t: string | null }>(sqlText('admin/migrations_exist'));
  if (!exists[0]?.t) return { current: 0, latest };
  const rows = await db.query<{ v: number | null }>(sqlText('admin/migrations_version'));
  return { current: Number(rows[0]?.v ?? 0), latest };
}
