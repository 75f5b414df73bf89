-- name: reporting.overview_duration_trend
-- Every run of scenario $3 started in [$1, $2), in time order, with its duration (the
-- trend line of one scenario), at most $4. One row with a NULL run when the scenario has
-- no run in the range; no row for an unknown scenario. dim_run_scenario_idx (scenario_id, run_at);
-- runs the retention pruned from reporting.archive_dim_run (archive_run_scenario_idx), raw.
SELECT s.scenario_id, s.scenario_name, s.model_name,
       r.run_id, r.run_status, r.run_at, r.run_complete_at, r.duration_seconds * 1000 AS duration_ms, r.run_by, r.fail_reason
  FROM reporting.dim_scenario s
  LEFT JOIN (SELECT k.run_id, k.scenario_id, k.run_status, k.run_at, k.run_complete_at, k.duration_seconds, k.run_by, k.fail_reason
               FROM reporting.dim_run k
              WHERE k.scenario_id = $3::uuid AND k.run_at >= $1::timestamp AND k.run_at < $2::timestamp
             UNION ALL
             SELECT a.run_id, a.scenario_id, a.run_status, a.run_at, a.run_complete_at, a.duration_seconds, a.run_by, a.fail_reason
               FROM reporting.archive_dim_run a
              WHERE a.scenario_id = $3::uuid AND a.run_at >= $1::timestamp AND a.run_at < $2::timestamp
                AND NOT EXISTS (SELECT 1 FROM reporting.dim_run k2 WHERE k2.run_id = a.run_id)) r
         ON r.scenario_id = s.scenario_id
 WHERE s.scenario_id = $3::uuid
 ORDER BY r.run_at, r.run_id
 LIMIT $4
