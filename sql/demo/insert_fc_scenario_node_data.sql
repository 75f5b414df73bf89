-- Demo seed: loads a batch of fc_scenario_node_data rows (one array parameter per column).
-- input_data arrives as JSON text (NULL for SQL NULL) and is cast per row.
INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by, created_req_id, end_at)
SELECT u.id, u.scenario_id, u.model_node_id, u.input_data::jsonb, u.input_hash, u.created_at, u.created_by, u.created_req_id, u.end_at
FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamp[], $7::text[], $8::uuid[], $9::timestamp[])
    AS u (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by, created_req_id, end_at)
