-- name: prod.runs
-- $1 scenario id (NULL = any), $2 run id (NULL = any). Oldest first.
SELECT r.id AS run_id, r.scenario_id, s.scenario_display_name AS scenario_name, s.model_id,
       m.model_display_name AS model_name, r.run_status, r.run_at, r.run_complete_at,
       r.run_by, r.run_req_id, r.fail_reason
  FROM fc_scenario_run r
  JOIN fc_scenario s ON s.id = r.scenario_id
  JOIN fc_model m ON m.id = s.model_id
 WHERE ($1::uuid IS NULL OR r.scenario_id = $1)
   AND ($2::uuid IS NULL OR r.id = $2)
   AND ($1::uuid IS NOT NULL OR $2::uuid IS NOT NULL)
 ORDER BY r.run_at, r.id
