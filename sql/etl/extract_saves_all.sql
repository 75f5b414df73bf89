-- name: etl.extract_saves_all
-- The whole input history with the previous save of the same node (window over narrow rows,
-- joined back, so the sort never carries input_data).
WITH prev AS (
    SELECT id,
           lag(id) OVER w IS NOT NULL AS has_previous,
           lag(input_hash) OVER w AS previous_hash
      FROM fc_scenario_node_data
    WINDOW w AS (PARTITION BY scenario_id, model_node_id ORDER BY created_at, id)
)
SELECT d.id, d.scenario_id, d.model_node_id, d.input_data::text AS input_data, d.input_hash,
       d.created_at, d.created_by, d.created_req_id, d.end_at, p.has_previous, p.previous_hash
  FROM fc_scenario_node_data d
  JOIN prev p ON p.id = d.id
