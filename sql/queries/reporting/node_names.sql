-- name: reporting.node_names
SELECT n.node_id, n.node_name
  FROM reporting.dim_scenario s JOIN reporting.dim_node n ON n.model_id = s.model_id
 WHERE s.scenario_id = $1
