-- name: etl.extract_saves_all
-- The whole input history with the previous save of the same node (window over narrow rows,
-- joined back, so the sort never carries input_data). $1: also the previous save's input_data
-- (previous_data), for the changed paths of a copy without values (etl --no-input-values).
WITH prev AS (
    SELECT id,
           lag(id) OVER w AS previous_id,
           lag(input_hash) OVER w AS previous_hash
      FROM fc_scenario_node_data
    WINDOW w AS (PARTITION BY scenario_id, model_node_id ORDER BY created_at, id)
)
SELECT d.id, d.scenario_id, d.model_node_id, d.input_data::text AS input_data, d.input_hash,
       d.created_at, d.created_by, d.created_req_id, d.end_at, p.previous_id IS NOT NULL AS has_previous, p.previous_hash,
       pd.input_data::text AS previous_data
  FROM fc_scenario_node_data d
  JOIN prev p ON p.id = d.id
  LEFT JOIN fc_scenario_node_data pd ON $1::boolean AND pd.id = p.previous_id
