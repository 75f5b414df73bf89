-- name: prod.culprit_failures
-- Failed and timed-out runs with a reason in the other scenarios of scenario $1's model, the
-- latest $2 of them (the ranking keeps those with the failed run's error signature: production
-- has no signature column, so the same rule is applied in code on both sources).
SELECT r.id AS run_id, r.scenario_id, r.run_at, r.fail_reason
  FROM fc_scenario s
  JOIN fc_scenario_run r ON r.scenario_id = s.id
 WHERE s.model_id = (SELECT m.model_id FROM fc_scenario m WHERE m.id = $1::uuid)
   AND s.id <> $1::uuid
   AND r.run_status IN ('failed', 'timeout') AND r.fail_reason IS NOT NULL
 ORDER BY r.run_at DESC, r.id DESC
 LIMIT $2::int
