-- name: etl.load_dim_scenario
INSERT INTO reporting.dim_scenario AS t (
    scenario_id, scenario_name, scenario_status, model_id, model_name, model_disease_area, therapeutic_area, is_starter,
    start_year, end_year, forecast_init_id, scenario_region, scenario_country,
    created_at, created_by, created_req_id, updated_at, updated_by, updated_req_id,
    submitted_at, submitted_by, submitted_req_id, locked_at, locked_by, locked_req_id)
SELECT * FROM unnest(
    $1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::boolean[],
    $9::int[], $10::int[], $11::uuid[], $12::text[], $13::text[],
    $14::timestamp[], $15::text[], $16::uuid[], $17::timestamp[], $18::text[], $19::uuid[],
    $20::timestamp[], $21::text[], $22::uuid[], $23::timestamp[], $24::text[], $25::uuid[])
ON CONFLICT (scenario_id) DO UPDATE SET
    scenario_name = EXCLUDED.scenario_name, scenario_status = EXCLUDED.scenario_status, model_id = EXCLUDED.model_id,
    model_name = EXCLUDED.model_name, model_disease_area = EXCLUDED.model_disease_area, therapeutic_area = EXCLUDED.therapeutic_area,
    is_starter = EXCLUDED.is_starter, start_year = EXCLUDED.start_year, end_year = EXCLUDED.end_year,
    forecast_init_id = EXCLUDED.forecast_init_id, scenario_region = EXCLUDED.scenario_region, scenario_country = EXCLUDED.scenario_country,
    created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by, created_req_id = EXCLUDED.created_req_id,
    updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by, updated_req_id = EXCLUDED.updated_req_id,
    submitted_at = EXCLUDED.submitted_at, submitted_by = EXCLUDED.submitted_by, submitted_req_id = EXCLUDED.submitted_req_id,
    locked_at = EXCLUDED.locked_at, locked_by = EXCLUDED.locked_by, locked_req_id = EXCLUDED.locked_req_id,
    etl_loaded_at = EXCLUDED.etl_loaded_at
-- Rows read again unchanged (the overlap window) are not written again.
WHERE (t.scenario_name, t.scenario_status, t.model_id, t.model_name, t.model_disease_area, t.therapeutic_area, t.is_starter, t.start_year, t.end_year, t.forecast_init_id, t.scenario_region, t.scenario_country, t.created_at, t.created_by, t.created_req_id, t.updated_at, t.updated_by, t.updated_req_id, t.submitted_at, t.submitted_by, t.submitted_req_id, t.locked_at, t.locked_by, t.locked_req_id)
      IS DISTINCT FROM (EXCLUDED.scenario_name, EXCLUDED.scenario_status, EXCLUDED.model_id, EXCLUDED.model_name, EXCLUDED.model_disease_area, EXCLUDED.therapeutic_area, EXCLUDED.is_starter, EXCLUDED.start_year, EXCLUDED.end_year, EXCLUDED.forecast_init_id, EXCLUDED.scenario_region, EXCLUDED.scenario_country, EXCLUDED.created_at, EXCLUDED.created_by, EXCLUDED.created_req_id, EXCLUDED.updated_at, EXCLUDED.updated_by, EXCLUDED.updated_req_id, EXCLUDED.submitted_at, EXCLUDED.submitted_by, EXCLUDED.submitted_req_id, EXCLUDED.locked_at, EXCLUDED.locked_by, EXCLUDED.locked_req_id)
