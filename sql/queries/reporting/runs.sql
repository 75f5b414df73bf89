-- name: reporting.runs
SELECT r.run_id, r.scenario_id, s.scenario_name, s.model_id, s.model_name, r.run_status, r.run_at, r.run_complete_at,
       r.run_by, r.run_req_id, r.fail_reason
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
 WHERE ($1::uuid IS NULL OR r.scenario_id = $1)
   AND ($2::uuid IS NULL OR r.run_id = $2)
   AND ($1::uuid IS NOT NULL OR $2::uuid IS NOT NULL)
 ORDER BY r.run_at, r.run_id
