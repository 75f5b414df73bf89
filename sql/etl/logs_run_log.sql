-- name: etl.logs_run_log
-- The log load's outcome on the row of the database load it followed (started at $1): the
-- records added beside the tables' counts, and its warnings ($3, or NULL) after the load's own.
UPDATE reporting.etl_run_log
   SET loaded = coalesce(loaded, '{}'::jsonb) || jsonb_build_object('fact_cloudwatch_log', $2::int),
       error = CASE WHEN $3::text IS NULL THEN error ELSE left(concat_ws(E'\n', error, $3::text), 2000) END
 WHERE id = (SELECT max(id) FROM reporting.etl_run_log WHERE started_at = $1::timestamp AND status = 'success')
