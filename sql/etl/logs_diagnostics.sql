-- name: etl.logs_diagnostics
-- fact_run_diagnostic's log columns (this step's alone) for the runs $1 whose logs changed
-- and the diagnostics written since $2 (new runs): records, errors (ERROR, FATAL), warnings
-- and the first stack of the run's error records (time order). Returns the rows changed.
WITH runs AS (
    SELECT unnest($1::uuid[]) AS run_id
    UNION
    SELECT d.run_id FROM reporting.fact_run_diagnostic d WHERE $2::timestamp IS NOT NULL AND d.etl_loaded_at >= $2::timestamp
), counts AS (
    SELECT r.run_id,
           count(l.log_key)::int AS log_records,
           (count(*) FILTER (WHERE l.log_level IN ('ERROR', 'FATAL')))::int AS log_errors,
           (count(*) FILTER (WHERE l.log_level = 'WARN'))::int AS log_warnings,
           (array_agg(l.stack_trace ORDER BY l.log_timestamp, l.log_key)
               FILTER (WHERE l.log_level IN ('ERROR', 'FATAL') AND l.stack_trace IS NOT NULL))[1] AS stack_trace
      FROM runs r
      LEFT JOIN reporting.fact_cloudwatch_log l ON l.run_id = r.run_id
     GROUP BY r.run_id
), changed AS (
    UPDATE reporting.fact_run_diagnostic d
       SET log_records = c.log_records, log_errors = c.log_errors, log_warnings = c.log_warnings, stack_trace = c.stack_trace
      FROM counts c
     WHERE d.run_id = c.run_id
       AND (d.log_records, d.log_errors, d.log_warnings, d.stack_trace) IS DISTINCT FROM (c.log_records, c.log_errors, c.log_warnings, c.stack_trace)
    RETURNING d.run_id
)
SELECT count(*)::int AS changed FROM changed
