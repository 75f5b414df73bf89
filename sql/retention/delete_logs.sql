-- name: retention.delete_logs
-- Up to $2 log records older than the cutoff $1, or correlated to a run started before it (a batch).
WITH doomed AS (
    SELECT log_key, log_timestamp FROM reporting.fact_cloudwatch_log
     WHERE log_timestamp < $1::timestamp
        OR run_id IN (SELECT r.run_id FROM reporting.dim_run r WHERE r.run_at < $1::timestamp)
     LIMIT $2
), gone AS (
    DELETE FROM reporting.fact_cloudwatch_log l
     USING doomed d
     WHERE l.log_key = d.log_key AND l.log_timestamp = d.log_timestamp
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
