-- name: prod.src_saves
-- The scenario's input history with the previous save of each node (no input_data).
SELECT d.id, d.scenario_id, d.model_node_id, d.input_hash, d.created_at, d.created_by, d.created_req_id, d.end_at,
       lag(d.id) OVER w IS NOT NULL AS has_previous, lag(d.input_hash) OVER w AS previous_hash
  FROM fc_scenario_node_data d
 WHERE d.scenario_id = $1
WINDOW w AS (PARTITION BY d.model_node_id ORDER BY d.created_at, d.id)
