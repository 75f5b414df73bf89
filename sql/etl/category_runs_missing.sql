-- name: etl.category_runs_missing
-- Failed runs without an error category yet (rows loaded before it existed), a batch at a time ($1 rows).
SELECT run_id, run_status, fail_reason
  FROM reporting.dim_run
 WHERE run_status IN ('failed', 'timeout') AND error_category IS NULL
 LIMIT $1
