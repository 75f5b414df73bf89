-- name: etl.extract_scenarios
-- $1 since (NULL = all), $2 scenario ids touched by the runs and saves of this window.
SELECT s.id, s.model_id, m.model_display_name AS model_name, m.disease_area, m.therapeutic_area,
       s.scenario_display_name, s.status, s.is_starter, s.scenario_start_year, s.scenario_end_year, s.forecast_init_id,
       s.scenario_region, s.scenario_country,
       s.created_at, s.created_by, s.created_req_id, s.updated_at, s.updated_by, s.updated_req_id,
       s.submitted_at, s.submitted_by, s.submitted_req_id, s.locked_at, s.locked_by, s.locked_req_id
  FROM fc_scenario s
  JOIN fc_model m ON m.id = s.model_id
 WHERE $1::timestamp IS NULL
    OR s.created_at >= $1 OR s.updated_at >= $1 OR s.submitted_at >= $1 OR s.locked_at >= $1
    OR s.id = ANY($2::uuid[])
