-- name: reporting.culprit_failures
-- Failed and timed-out runs with a reason in the other scenarios of scenario $1's model, the
-- latest $2 of them (the signature is matched in code, as on production).
SELECT r.run_id, r.scenario_id, r.run_at, r.fail_reason
  FROM reporting.dim_scenario s
  JOIN reporting.dim_run r ON r.scenario_id = s.scenario_id
 WHERE s.model_id = (SELECT m.model_id FROM reporting.dim_scenario m WHERE m.scenario_id = $1::uuid)
   AND s.scenario_id <> $1::uuid
   AND r.run_status IN ('failed', 'timeout') AND r.fail_reason IS NOT NULL
 ORDER BY r.run_at DESC, r.run_id DESC
 LIMIT $2::int
