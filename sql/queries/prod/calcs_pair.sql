-- name: prod.calcs_pair
-- The calcs of runs $1 and $3 of scenario $2 for their diff (in_b: run $3's), with only the
-- columns a diff reads: run $1's first, each run's in prod.calcs' order.
SELECT c.run_id = $3 AS in_b, c.id AS calc_id, c.model_node_id AS node_id, n.node_display_name AS node_name,
       c.status, c.fail_reason, c.processing_start_at, c.processing_duration
  FROM fc_scenario_node_calc c
  JOIN fc_scenario_run r ON r.id = c.run_id AND r.scenario_id = $2
  JOIN fc_model_node n ON n.id = c.model_node_id
 WHERE c.run_id IN ($1, $3)
 ORDER BY in_b, n.node_seq NULLS LAST, n.node_display_name, c.id
