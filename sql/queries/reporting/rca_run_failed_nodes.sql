-- name: reporting.rca_run_failed_nodes
-- A run's failed node calculations (in the model's node order). Its calcs carry the run's run_at.
SELECT c.node_id, n.node_name, n.node_type, c.fail_reason, c.error_category AS error_category_detail,
       c.processing_duration_sec::float8 AS processing_duration_sec
  FROM reporting.fact_node_calculations c
  LEFT JOIN reporting.dim_node n ON n.node_id = c.node_id
 WHERE c.run_id = $1 AND c.calc_status = 'failed'
   AND c.run_at = (SELECT r.run_at FROM reporting.dim_run r WHERE r.run_id = $1)
 ORDER BY n.node_seq NULLS LAST, n.node_name, c.node_id
