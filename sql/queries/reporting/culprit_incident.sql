-- name: reporting.culprit_incident
-- Failed and timed-out runs with a reason, in scenarios of models other than run $1's, that
-- started within $2 minutes of run $1 (at most $3, nearest first; the signature is matched in
-- code, as on production). Index dim_run_failed_at_idx (run_at, failures with a reason only).
SELECT f.run_id, f.scenario_id, s.model_id, f.fail_reason
  FROM reporting.dim_run b
  JOIN reporting.dim_scenario bs ON bs.scenario_id = b.scenario_id
  JOIN reporting.dim_run f
    ON f.run_at BETWEEN b.run_at - make_interval(mins => $2::int) AND b.run_at + make_interval(mins => $2::int)
   AND f.run_status IN ('failed', 'timeout') AND f.fail_reason IS NOT NULL
  JOIN reporting.dim_scenario s ON s.scenario_id = f.scenario_id AND s.model_id <> bs.model_id
 WHERE b.run_id = $1::uuid
 ORDER BY abs(extract(epoch FROM f.run_at - b.run_at)), f.run_id
 LIMIT $3::int
