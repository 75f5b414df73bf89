-- name: prod.culprit_failures
-- Failed and timed-out runs with a reason in the other scenarios of scenario $1's model: the
-- latest $3 of each scenario (documented index (scenario_id, run_at), one probe per scenario),
-- then the latest $2 of them all. The ranking keeps those with the failed run's error
-- signature: production has no signature column, so the same rule is applied in code on
-- both sources.
SELECT r.run_id, r.scenario_id, r.run_at, r.fail_reason
  FROM fc_scenario s
 CROSS JOIN LATERAL (
       SELECT f.id AS run_id, f.scenario_id, f.run_at, f.fail_reason
         FROM fc_scenario_run f
        WHERE f.scenario_id = s.id
          AND f.run_status IN ('failed', 'timeout') AND f.fail_reason IS NOT NULL
        ORDER BY f.run_at DESC, f.id DESC
        LIMIT $3::int) r
 WHERE s.model_id = (SELECT m.model_id FROM fc_scenario m WHERE m.id = $1::uuid)
   AND s.id <> $1::uuid
 ORDER BY r.run_at DESC, r.run_id DESC
 LIMIT $2::int
