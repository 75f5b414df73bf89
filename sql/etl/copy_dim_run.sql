-- name: etl.copy_dim_run
-- Bulk load of an empty schema (same columns, same order as load_dim_run.sql).
COPY reporting.dim_run (run_id, scenario_id, run_status, run_at, run_complete_at, run_by, run_req_id, fail_reason, fail_signature, error_category) FROM STDIN
