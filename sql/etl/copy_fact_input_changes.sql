-- name: etl.copy_fact_input_changes
-- Bulk load of an empty schema (same columns, same order as load_saves.sql).
COPY reporting.fact_input_changes (scenario_id, node_data_id, node_id, changed_at, changed_by, request_id, end_at, current_hash, previous_hash, input_data, is_change, change_type, changed_paths) FROM STDIN
