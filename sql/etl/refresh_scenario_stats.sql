-- name: etl.refresh_scenario_stats
-- $1 scenario ids (NULL = all). Failed runs count 'failed' and 'timeout'. first_event_at and
-- last_event_at bound the scenario's events exactly (per-scenario queries prune months with them);
-- first_event_at also bounds its saves (after retention an old save still in force has no event).
-- Each aggregate reads one table for the given scenarios only (indexes leading with scenario_id),
-- then they are joined to the scenarios: no dimension on the outer side of a join with a fact
-- (Citus runs each part as it is), and the cost is the given scenarios' rows, not the history's.
WITH runs AS MATERIALIZED (
    SELECT scenario_id, count(*) AS runs, count(*) FILTER (WHERE run_status IN ('failed', 'timeout')) AS failed_runs
      FROM reporting.dim_run
     WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
     GROUP BY scenario_id),
last AS MATERIALIZED (
    SELECT DISTINCT ON (scenario_id) scenario_id, run_id, run_at, run_status, fail_reason
      FROM reporting.dim_run
     WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
     ORDER BY scenario_id, run_at DESC, run_id DESC),
events AS MATERIALIZED (
    SELECT scenario_id, min(event_timestamp) AS first_event_at, max(event_timestamp) AS last_event_at
      FROM reporting.fact_scenario_events
     WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
     GROUP BY scenario_id),
saves AS MATERIALIZED (
    SELECT scenario_id, min(changed_at) AS first_save_at
      FROM reporting.fact_input_changes
     WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
     GROUP BY scenario_id),
scenarios AS MATERIALIZED (
    SELECT scenario_id FROM reporting.dim_scenario WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[]))
UPDATE reporting.dim_scenario s
   SET runs = coalesce(a.runs, 0), failed_runs = coalesce(a.failed_runs, 0),
       last_run_id = l.run_id, last_run_at = l.run_at, last_run_status = l.run_status, last_fail_reason = l.fail_reason,
       first_event_at = least(e.first_event_at, f.first_save_at), last_event_at = e.last_event_at,
       etl_loaded_at = (now() AT TIME ZONE 'UTC')
  FROM scenarios x
  LEFT JOIN runs a ON a.scenario_id = x.scenario_id
  LEFT JOIN last l ON l.scenario_id = x.scenario_id
  LEFT JOIN events e ON e.scenario_id = x.scenario_id
  LEFT JOIN saves f ON f.scenario_id = x.scenario_id
 WHERE s.scenario_id = x.scenario_id
   -- The rows to update found by their key (an index scan of the given scenarios): the joins
   -- above are one row per scenario, but the planner cannot know it of the CTEs, estimates
   -- millions and would hash the whole dimension (12,000 rows read at 4S for 100 scenarios).
   AND s.scenario_id = ANY(ARRAY(SELECT scenario_id FROM scenarios))
   -- A scenario whose figures are already right is not rewritten (an incremental reads its overlap again).
   AND (s.runs, s.failed_runs, s.last_run_id, s.last_run_at, s.last_run_status, s.last_fail_reason, s.first_event_at, s.last_event_at)
       IS DISTINCT FROM (coalesce(a.runs, 0), coalesce(a.failed_runs, 0), l.run_id, l.run_at, l.run_status, l.fail_reason,
                         least(e.first_event_at, f.first_save_at), e.last_event_at)
