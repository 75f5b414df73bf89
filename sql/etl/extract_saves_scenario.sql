-- name: etl.extract_saves_scenario
-- `etl --scenario-id`: every save of scenario $1, each with the previous save of the same node
-- (as extract_saves_since.sql); $2: also its input_data (previous_data), for the changed paths
-- of a copy without values.
SELECT d.id, d.scenario_id, d.model_node_id, d.input_data::text AS input_data, d.input_hash,
       d.created_at, d.created_by, d.created_req_id, d.end_at,
       p.id IS NOT NULL AS has_previous, p.input_hash AS previous_hash, p.previous_data
  FROM fc_scenario_node_data d
  LEFT JOIN LATERAL (
        SELECT q.id, q.input_hash, CASE WHEN $2::boolean THEN q.input_data::text END AS previous_data
          FROM fc_scenario_node_data q
         WHERE q.scenario_id = d.scenario_id AND q.model_node_id = d.model_node_id
           AND q.created_at <= d.created_at AND (q.created_at, q.id) < (d.created_at, d.id)
         ORDER BY q.created_at DESC, q.id DESC
         LIMIT 1) p ON true
 WHERE d.scenario_id = $1::uuid
