-- name: reporting.rca_scenario
-- The scenario an /rca answer is about (404 when absent).
SELECT s.scenario_id, s.scenario_name, s.scenario_status, s.model_id
  FROM reporting.dim_scenario s
 WHERE s.scenario_id = $1
