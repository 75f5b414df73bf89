-- name: etl.category_calcs_missing_current
-- Failed node calculations without an error category (cleared by a migration whose rules
-- changed), a batch at a time ($1 rows); the columns as named since migration 004.
SELECT scenario_id, calc_id, calc_status AS status, fail_reason
  FROM reporting.fact_node_calculations
 WHERE calc_status = 'failed' AND error_category IS NULL
 LIMIT $1
