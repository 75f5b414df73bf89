/**
 * The table sizes a successful run records in the run log (health compares two runs' to see
 * rows lost), at the cost of the window rather than the history: a full run counts every
 * table (`LOG_COUNTS`); an incremental run takes the previous successful run's count of a
 * table and adds what it inserted less what it deleted (`pg_stat_xact_user_tables`, read at
 * the start of its transaction and at the end), when nobody else wrote the table since that
 * run: migration 014's statement trigger marks each table with the transaction that last
 * wrote it, read at the run's start. Otherwise (another writer, a migration since, no earlier
 * counts, a session without statistics such as PGlite's, a table without the trigger) the
 * table is counted. At the end each marked table is marked with this run's transaction,
 * unless somebody else wrote it meanwhile (then the next run counts it).
 */
import type { Queryable } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { LOG_COUNTS, WRITTEN_TABLES } from './tables';

/**
 * Rows this backend's statistics saw inserted less deleted in `reporting.<table>` (the table, or
 * a partitioned one's every partition): the functions behind `pg_stat_xact_user_tables`, called
 * for those tables only (the view computes every relation of the database: 4,600 catalog rows
 * per table, 10–20 ms of every incremental).
 */
const statNet = (table: string): string =>
  `(SELECT coalesce(sum(pg_stat_get_xact_tuples_inserted(p.relid) - pg_stat_get_xact_tuples_deleted(p.relid)), 0)
      FROM (SELECT 'reporting.${table}'::regclass AS relid UNION SELECT relid FROM pg_partition_tree('reporting.${table}')) p)`;

/**
 * The statistics counters of the loaded tables and of the run log's inserts, and the tables'
 * write marks. (`pg_stat_xact_user_tables` also holds earlier transactions of the session not
 * yet reported, hence a reading at the start and one at the end.)
 */
const STAT_COUNTS = `-- name: etl.stat_counts
SELECT jsonb_build_object(
         ${WRITTEN_TABLES.map((t) => `'${t}', ${statNet(t)}`).join(',\n         ')},
         'etl_run_log', pg_stat_get_xact_tuples_inserted('reporting.etl_run_log'::regclass)) AS counts,
       (SELECT coalesce(jsonb_object_agg(w.table_name, w.last_xact::text), '{}'::jsonb) FROM reporting.table_writes w) AS marks`;

/** $1 the run's log row, $2 what the retention pruned, $3 / $4: STAT_COUNTS's counts and marks at the start. */
const LOG_COUNTS_DELTA = `-- name: etl.log_counts_delta
WITH now AS (${STAT_COUNTS}),
prev AS (
    SELECT l.row_counts, l.xact::text AS xact FROM reporting.etl_run_log l
     WHERE l.id < $1 AND l.status = 'success' AND l.row_counts IS NOT NULL AND l.xact IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM reporting.schema_migrations m WHERE m.applied_at >= l.finished_at)
       -- Statistics work in this session: they saw this run's own log row go in.
       AND (SELECT (n.counts ->> 'etl_run_log')::bigint FROM now n) > ($3::jsonb ->> 'etl_run_log')::bigint
     ORDER BY l.id DESC LIMIT 1)
UPDATE reporting.etl_run_log
   SET row_counts = jsonb_build_object(
         ${WRITTEN_TABLES.map(
           (t) =>
             `'${t}', coalesce(
           (SELECT (p.row_counts ->> '${t}')::bigint + (n.counts ->> '${t}')::bigint - ($3::jsonb ->> '${t}')::bigint
              FROM prev p, now n WHERE p.xact = ($4::jsonb ->> '${t}')),
           (SELECT count(*) FROM reporting.${t}))`,
         ).join(',\n         ')}),
       pruned = $2::jsonb
 WHERE id = $1`;

export interface CountsAtStart {
  counts: Record<string, number>;
  marks: Record<string, string>;
}

/** At the start of an incremental run's transaction, before it writes anything. */
export async function countsAtStart(tx: Queryable): Promise<CountsAtStart | undefined> {
  return (await tx.query<CountsAtStart>(STAT_COUNTS))[0];
}

/** The run log row's table sizes ($1 its id), counted or added up; then this run's transaction as the tables' last writer. */
export async function logCounts(tx: Queryable, id: number, pruned: string | null, start: CountsAtStart | undefined): Promise<void> {
  if (start) await tx.query(LOG_COUNTS_DELTA, [id, pruned, JSON.stringify(start.counts), JSON.stringify(start.marks)]);
  else await tx.query(LOG_COUNTS, [id, pruned]);
  await tx.query(sqlText('etl/log_marks'), [id, WRITTEN_TABLES, start ? JSON.stringify(start.marks) : null]);
}
