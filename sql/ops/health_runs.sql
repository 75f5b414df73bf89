-- name: ops.health_runs
-- The newest runs of the ETL, newest first, for the health verdict.
SELECT id, mode, started_at, finished_at, status, attempt, duration_ms, row_counts, pruned, error
  FROM reporting.etl_run_log
 ORDER BY id DESC
 LIMIT $1
