-- name: etl.load_saves
-- The primary key by name: (scenario_id, node_data_id), or with created_at in the partitioned layout.
INSERT INTO reporting.fact_input_changes AS t (scenario_id, node_data_id, node_id, created_at, created_by, request_id, end_at, input_hash, previous_hash, input_data, is_change, change_type)
SELECT u.scenario_id, u.node_data_id, u.node_id, u.created_at, u.created_by, u.request_id, u.end_at, u.input_hash, u.previous_hash, u.input_data::jsonb, u.is_change, u.change_type
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamp[], $5::text[], $6::uuid[], $7::timestamp[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[])
       AS u(scenario_id, node_data_id, node_id, created_at, created_by, request_id, end_at, input_hash, previous_hash, input_data, is_change, change_type)
ON CONFLICT ON CONSTRAINT fact_input_changes_pkey DO UPDATE SET
    node_id = EXCLUDED.node_id, created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by,
    request_id = EXCLUDED.request_id, end_at = EXCLUDED.end_at, input_hash = EXCLUDED.input_hash,
    previous_hash = EXCLUDED.previous_hash, input_data = EXCLUDED.input_data, is_change = EXCLUDED.is_change,
    change_type = EXCLUDED.change_type
-- Rows read again unchanged (the overlap window) are not written again.
WHERE (t.node_id, t.created_at, t.created_by, t.request_id, t.end_at, t.input_hash, t.previous_hash, t.input_data, t.is_change, t.change_type)
      IS DISTINCT FROM (EXCLUDED.node_id, EXCLUDED.created_at, EXCLUDED.created_by, EXCLUDED.request_id, EXCLUDED.end_at, EXCLUDED.input_hash, EXCLUDED.previous_hash, EXCLUDED.input_data, EXCLUDED.is_change, EXCLUDED.change_type)
