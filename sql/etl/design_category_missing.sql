-- name: etl.design_category_missing
-- Failed runs without the design's category yet (loaded before migration 011), a batch at a time ($1 rows).
SELECT run_id, run_status, fail_reason
  FROM reporting.dim_run
 WHERE run_status IN ('failed', 'timeout') AND design_category IS NULL
 LIMIT $1
