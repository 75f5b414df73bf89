-- name: etl.category_calcs_missing
-- Failed node calculations without an error category yet, a batch at a time ($1 rows).
SELECT scenario_id, calc_id, status, fail_reason
  FROM reporting.fact_node_calculations
 WHERE status = 'failed' AND error_category IS NULL
 LIMIT $1
