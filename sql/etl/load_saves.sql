-- name: etl.load_saves
-- The primary key by name: (scenario_id, node_data_id), or with changed_at in the partitioned layout.
-- change_id (the design's surrogate key) comes from its sequence on insert and stays on update;
-- is_validated / validation_errors stay NULL (the source has no validation data); changed_paths
-- (JSON text) only when input values are withheld (etl --no-input-values).
INSERT INTO reporting.fact_input_changes AS t (scenario_id, node_data_id, node_id, changed_at, changed_by, request_id, end_at, current_hash, previous_hash, input_data, is_change, change_type, changed_paths)
SELECT u.scenario_id, u.node_data_id, u.node_id, u.changed_at, u.changed_by, u.request_id, u.end_at, u.current_hash, u.previous_hash, u.input_data::jsonb, u.is_change, u.change_type, u.changed_paths::jsonb
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamp[], $5::text[], $6::uuid[], $7::timestamp[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::text[])
       AS u(scenario_id, node_data_id, node_id, changed_at, changed_by, request_id, end_at, current_hash, previous_hash, input_data, is_change, change_type, changed_paths)
ON CONFLICT ON CONSTRAINT fact_input_changes_pkey DO UPDATE SET
    node_id = EXCLUDED.node_id, changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by,
    request_id = EXCLUDED.request_id, end_at = EXCLUDED.end_at, current_hash = EXCLUDED.current_hash,
    previous_hash = EXCLUDED.previous_hash, input_data = EXCLUDED.input_data, is_change = EXCLUDED.is_change,
    change_type = EXCLUDED.change_type, changed_paths = EXCLUDED.changed_paths, etl_loaded_at = EXCLUDED.etl_loaded_at
-- Rows read again unchanged (the overlap window) are not written again.
WHERE (t.node_id, t.changed_at, t.changed_by, t.request_id, t.end_at, t.current_hash, t.previous_hash, t.input_data, t.is_change, t.change_type, t.changed_paths)
      IS DISTINCT FROM (EXCLUDED.node_id, EXCLUDED.changed_at, EXCLUDED.changed_by, EXCLUDED.request_id, EXCLUDED.end_at, EXCLUDED.current_hash, EXCLUDED.previous_hash, EXCLUDED.input_data, EXCLUDED.is_change, EXCLUDED.change_type, EXCLUDED.changed_paths)
