-- name: reporting.rca_error_summary_nodes
-- The nodes whose calculation failed in the scenario's runs started in the window, most failures first.
SELECT c.node_id, n.node_name, count(*) AS failures
  FROM reporting.fact_node_calculations c
  LEFT JOIN reporting.dim_node n ON n.node_id = c.node_id
 WHERE c.scenario_id = $1 AND c.calc_status = 'failed'
   AND ($2::timestamp IS NULL OR c.run_at >= $2)
   AND ($3::timestamp IS NULL OR c.run_at <= $3)
 GROUP BY c.node_id, n.node_name
 ORDER BY failures DESC, n.node_name, c.node_id
