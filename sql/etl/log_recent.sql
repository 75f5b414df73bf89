-- name: etl.log_recent
SELECT mode, started_at, status, duration_ms, loaded, error
  FROM reporting.etl_run_log
 ORDER BY id DESC
 LIMIT $1
