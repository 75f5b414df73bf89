-- name: prod.failed_runs
-- Failed and timed-out runs with a reason, for error signatures ($1 since, NULL = all).
SELECT r.id AS run_id, r.scenario_id, m.model_display_name AS model_name, r.fail_reason, r.run_status,
       coalesce(r.run_complete_at, r.run_at) AS at
  FROM fc_scenario_run r
  JOIN fc_scenario s ON s.id = r.scenario_id
  JOIN fc_model m ON m.id = s.model_id
 WHERE r.run_status IN ('failed', 'timeout') AND r.fail_reason IS NOT NULL
   AND ($1::timestamp IS NULL OR coalesce(r.run_complete_at, r.run_at) >= $1)
   AND ($2::text IS NULL OR $2::text IS NOT NULL) -- signature filtering happens in code (no column in production)
