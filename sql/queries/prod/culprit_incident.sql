-- name: prod.culprit_incident
-- Failed and timed-out runs with a reason, in scenarios of models other than run $1's, that
-- started within $2 minutes of run $1 (at most $3, nearest first). The error signature is
-- matched in code, as everywhere. Production documents no index on run_at alone: this reads
-- the runs table once (a 30-day table of ≈60,000 runs at 4S).
SELECT f.id AS run_id, f.scenario_id, s.model_id, f.fail_reason
  FROM fc_scenario_run b
  JOIN fc_scenario bs ON bs.id = b.scenario_id
  JOIN fc_scenario_run f
    ON f.run_at BETWEEN b.run_at - make_interval(mins => $2::int) AND b.run_at + make_interval(mins => $2::int)
   AND f.run_status IN ('failed', 'timeout') AND f.fail_reason IS NOT NULL
  JOIN fc_scenario s ON s.id = f.scenario_id AND s.model_id <> bs.model_id
 WHERE b.id = $1::uuid
 ORDER BY abs(extract(epoch FROM f.run_at - b.run_at)), f.id
 LIMIT $3::int
