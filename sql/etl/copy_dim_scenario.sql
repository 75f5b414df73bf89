-- name: etl.copy_dim_scenario
-- Bulk load of an empty schema (same columns, same order as load_dim_scenario.sql).
COPY reporting.dim_scenario (scenario_id, scenario_name, scenario_status, model_id, model_name, model_disease_area, therapeutic_area, is_starter, start_year, end_year, forecast_init_id, scenario_region, scenario_country, created_at, created_by, created_req_id, updated_at, updated_by, updated_req_id, submitted_at, submitted_by, submitted_req_id, locked_at, locked_by, locked_req_id) FROM STDIN
