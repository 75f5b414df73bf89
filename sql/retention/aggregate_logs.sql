-- name: retention.aggregate_logs
-- Log records older than the cutoff $1, or correlated to a run started before it, added to
-- reporting.agg_daily_logs by UTC day, level, category and source when $2 (false: only counted).
WITH grouped AS (
    SELECT l.log_timestamp::date AS day, l.log_level, l.error_category, l.log_source,
           count(*) AS records, count(l.run_id) AS with_run
      FROM reporting.fact_cloudwatch_log l
     WHERE l.log_timestamp < $1::timestamp
        OR l.run_id IN (SELECT r.run_id FROM reporting.dim_run r WHERE r.run_at < $1::timestamp)
     GROUP BY 1, 2, 3, 4
), added AS (
    INSERT INTO reporting.agg_daily_logs AS a (day, log_level, error_category, log_source, records, with_run)
    SELECT day, log_level, error_category, log_source, records, with_run FROM grouped WHERE $2::boolean
    ON CONFLICT (day, log_level, error_category, log_source) DO UPDATE
       SET records = a.records + EXCLUDED.records, with_run = a.with_run + EXCLUDED.with_run,
           etl_loaded_at = (now() AT TIME ZONE 'UTC')
    RETURNING 1
)
SELECT coalesce(sum(records), 0)::bigint AS n FROM grouped
