-- Demo seed: loads a batch of fc_scenario rows (one array parameter per column;
-- timestamps arrive as UTC text without a zone).
INSERT INTO fc_scenario (
    id, model_id, scenario_display_name, status, is_starter,
    scenario_start_year, scenario_end_year, forecast_init_id, scenario_region, scenario_country,
    created_at, created_by, created_req_id,
    updated_at, updated_by, updated_req_id,
    submitted_at, submitted_by, submitted_req_id,
    locked_at, locked_by, locked_req_id)
SELECT u.id, u.model_id, u.scenario_display_name, u.status, u.is_starter,
       u.scenario_start_year, u.scenario_end_year, u.forecast_init_id, u.scenario_region, u.scenario_country,
       u.created_at, u.created_by, u.created_req_id,
       u.updated_at, u.updated_by, u.updated_req_id,
       u.submitted_at, u.submitted_by, u.submitted_req_id,
       u.locked_at, u.locked_by, u.locked_req_id
FROM unnest(
        $1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[],
        $6::integer[], $7::integer[], $8::uuid[], $9::text[], $10::text[],
        $11::timestamp[], $12::text[], $13::uuid[],
        $14::timestamp[], $15::text[], $16::uuid[],
        $17::timestamp[], $18::text[], $19::uuid[],
        $20::timestamp[], $21::text[], $22::uuid[])
    AS u (id, model_id, scenario_display_name, status, is_starter,
          scenario_start_year, scenario_end_year, forecast_init_id, scenario_region, scenario_country,
          created_at, created_by, created_req_id,
          updated_at, updated_by, updated_req_id,
          submitted_at, submitted_by, submitted_req_id,
          locked_at, locked_by, locked_req_id)
