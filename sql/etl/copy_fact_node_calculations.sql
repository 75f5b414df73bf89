-- name: etl.copy_fact_node_calculations
-- Bulk load of an empty schema (same columns, same order as load_calcs.sql).
COPY reporting.fact_node_calculations (scenario_id, calc_id, run_id, node_id, calc_status, fail_reason, fail_signature, processing_start_at, processing_end_at, processing_duration_sec, run_at, error_category) FROM STDIN
