-- name: etl.log_marks
-- After a successful run recorded its counts (src/etl/counts.ts): its transaction in its log
-- row ($1), and as the last writer of the tables $2 that carry migration 014's trigger,
-- unless somebody else wrote one since the run started ($3: the marks then, NULL after a
-- count of everything) — then the next run counts that table.
WITH run AS (
    UPDATE reporting.etl_run_log SET xact = pg_current_xact_id() WHERE id = $1 RETURNING xact),
marked AS (
    SELECT t.relname AS table_name
      FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'reporting' AND t.relname = ANY($2::text[]) AND g.tgname = t.relname || '_writes')
INSERT INTO reporting.table_writes AS w (table_name, last_xact)
SELECT m.table_name, (SELECT xact FROM run) FROM marked m
ON CONFLICT (table_name) DO UPDATE SET last_xact = EXCLUDED.last_xact
 WHERE $3::jsonb IS NULL OR w.last_xact = EXCLUDED.last_xact OR w.last_xact::text IS NOT DISTINCT FROM ($3::jsonb ->> w.table_name)
