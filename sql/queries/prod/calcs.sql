-- name: prod.calcs
-- Node calcs of run $1 of scenario $2, in model order.
SELECT c.id AS calc_id, c.run_id, c.model_node_id AS node_id, n.node_display_name AS node_name, n.node_type,
       c.status, c.fail_reason, c.processing_start_at, c.processing_end_at, c.processing_duration
  FROM fc_scenario_node_calc c
  JOIN fc_scenario_run r ON r.id = c.run_id AND r.scenario_id = $2
  JOIN fc_model_node n ON n.id = c.model_node_id
 WHERE c.run_id = $1
 ORDER BY n.node_seq NULLS LAST, n.node_display_name, c.id
