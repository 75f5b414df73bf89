-- name: reporting.overview_duration_trend
-- Every run of scenario $3 started in [$1, $2), in time order, with its duration (the
-- trend line of one scenario), at most $4. One row with a NULL run when the scenario has
-- no run in the range; no row for an unknown scenario. dim_run_scenario_idx (scenario_id, run_at).
SELECT s.scenario_id, s.scenario_name, s.model_name,
       r.run_id, r.run_status, r.run_at, r.run_complete_at, r.duration_seconds * 1000 AS duration_ms, r.run_by, r.fail_reason
  FROM reporting.dim_scenario s
  LEFT JOIN reporting.dim_run r
         ON r.scenario_id = s.scenario_id AND r.run_at >= $1::timestamp AND r.run_at < $2::timestamp
 WHERE s.scenario_id = $3::uuid
 ORDER BY r.run_at, r.run_id
 LIMIT $4
