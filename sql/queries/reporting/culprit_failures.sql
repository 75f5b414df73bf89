-- name: reporting.culprit_failures
-- Failed and timed-out runs with a reason in the other scenarios of scenario $1's model: the
-- latest $3 of each scenario (index (scenario_id, run_at)), then the latest $2 of them all
-- (the signature is matched in code, as on production).
SELECT r.run_id, r.scenario_id, r.run_at, r.fail_reason
  FROM reporting.dim_scenario s
 CROSS JOIN LATERAL (
       SELECT f.run_id, f.scenario_id, f.run_at, f.fail_reason
         FROM reporting.dim_run f
        WHERE f.scenario_id = s.scenario_id
          AND f.run_status IN ('failed', 'timeout') AND f.fail_reason IS NOT NULL
        ORDER BY f.run_at DESC, f.run_id DESC
        LIMIT $3::int) r
 WHERE s.model_id = (SELECT m.model_id FROM reporting.dim_scenario m WHERE m.scenario_id = $1::uuid)
   AND s.scenario_id <> $1::uuid
 ORDER BY r.run_at DESC, r.run_id DESC
 LIMIT $2::int
