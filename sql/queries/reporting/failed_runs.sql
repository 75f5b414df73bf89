-- name: reporting.failed_runs
-- $1 since (NULL = all), $2 signature (NULL = any).
SELECT r.run_id, r.scenario_id, s.model_name, r.fail_reason, r.run_status, coalesce(r.run_complete_at, r.run_at) AS at
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
 WHERE r.run_status IN ('failed', 'timeout') AND r.fail_reason IS NOT NULL
   AND ($1::timestamp IS NULL OR coalesce(r.run_complete_at, r.run_at) >= $1)
   AND ($2::text IS NULL OR r.fail_signature = $2)
