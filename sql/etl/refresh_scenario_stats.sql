-- name: etl.refresh_scenario_stats
-- $1 scenario ids (NULL = all). Failed runs count 'failed' and 'timeout'. first_event_at and
-- last_event_at bound the scenario's events exactly (per-scenario queries prune months with them);
-- first_event_at also bounds its saves (after retention an old save still in force has no event).
UPDATE reporting.dim_scenario s
   SET runs = x.runs, failed_runs = x.failed_runs, last_run_id = x.last_run_id, last_run_at = x.last_run_at,
       last_run_status = x.last_run_status, last_fail_reason = x.last_fail_reason,
       first_event_at = x.first_event_at, last_event_at = x.last_event_at,
       etl_loaded_at = (now() AT TIME ZONE 'UTC')
  FROM (SELECT sc.scenario_id,
               coalesce(a.runs, 0) AS runs, coalesce(a.failed_runs, 0) AS failed_runs,
               l.run_id AS last_run_id, l.run_at AS last_run_at, l.run_status AS last_run_status, l.fail_reason AS last_fail_reason,
               least(e.first_event_at, f.first_save_at) AS first_event_at, e.last_event_at
          FROM reporting.dim_scenario sc
          LEFT JOIN (SELECT scenario_id, count(*) AS runs,
                            count(*) FILTER (WHERE run_status IN ('failed', 'timeout')) AS failed_runs
                       FROM reporting.dim_run
                      WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
                      GROUP BY scenario_id) a ON a.scenario_id = sc.scenario_id
          LEFT JOIN (SELECT DISTINCT ON (scenario_id) scenario_id, run_id, run_at, run_status, fail_reason
                       FROM reporting.dim_run
                      WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
                      ORDER BY scenario_id, run_at DESC, run_id DESC) l ON l.scenario_id = sc.scenario_id
          LEFT JOIN (SELECT scenario_id, min(event_timestamp) AS first_event_at, max(event_timestamp) AS last_event_at
                       FROM reporting.fact_scenario_events
                      WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
                      GROUP BY scenario_id) e ON e.scenario_id = sc.scenario_id
          LEFT JOIN (SELECT scenario_id, min(changed_at) AS first_save_at
                       FROM reporting.fact_input_changes
                      WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
                      GROUP BY scenario_id) f ON f.scenario_id = sc.scenario_id
         WHERE $1::uuid[] IS NULL OR sc.scenario_id = ANY($1::uuid[])) x
 WHERE s.scenario_id = x.scenario_id
