-- name: reporting.changes
SELECT c.node_data_id AS id, c.scenario_id, c.node_id AS model_node_id, c.input_hash, c.created_at, c.created_by,
       c.request_id AS created_req_id, c.end_at,
       (c.change_type IS DISTINCT FROM 'INITIAL_VALUE') AS has_previous, c.previous_hash
  FROM reporting.fact_input_changes c
 WHERE c.scenario_id = $1 AND c.is_change
