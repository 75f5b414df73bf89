-- name: reporting.changes
-- Changes are INPUT_CHANGED events: inside the scenario's exact event time bounds (which only
-- prune months in the partitioned layout).
SELECT c.node_data_id AS id, c.scenario_id, c.node_id AS model_node_id, c.current_hash AS input_hash, c.changed_at AS created_at, c.changed_by AS created_by,
       c.request_id AS created_req_id, c.end_at,
       (c.change_type IS DISTINCT FROM 'INITIAL_VALUE') AS has_previous, c.previous_hash
  FROM reporting.fact_input_changes c
 WHERE c.scenario_id = $1 AND c.is_change
   AND c.changed_at >= (SELECT s.first_event_at FROM reporting.dim_scenario s WHERE s.scenario_id = $1)
   AND c.changed_at <= (SELECT s.last_event_at FROM reporting.dim_scenario s WHERE s.scenario_id = $1)
