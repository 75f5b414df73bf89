-- name: reporting.culprit_rerun
-- The first of the next $2 successful runs of run $1's scenario whose inputs are those of run
-- $1 (as prod.culprit_rerun): no version in force at that run was saved after run $1 with a
-- hash other than the one in force at run $1. Indexes (scenario_id, run_at) on dim_run and
-- (scenario_id, node_id, created_at) on the input history; the scenario's first event bounds
-- the versions read (partitions, as in reporting.snapshot; the row comparison is its, too).
SELECT l.run_id, l.run_at
  FROM reporting.dim_run b
  JOIN reporting.dim_scenario s ON s.scenario_id = b.scenario_id
 CROSS JOIN LATERAL (
       SELECT r.run_id, r.run_at
         FROM reporting.dim_run r
        WHERE r.scenario_id = b.scenario_id AND r.run_at > b.run_at AND r.run_status = 'success'
        ORDER BY r.run_at, r.run_id
        LIMIT $2::int) l
 WHERE b.run_id = $1::uuid
   AND NOT EXISTS (
       SELECT 1
         FROM reporting.fact_input_changes d
        WHERE d.scenario_id = b.scenario_id
          AND d.changed_at > b.run_at AND d.changed_at <= l.run_at
          AND (d.end_at IS NULL OR d.end_at > l.run_at)
          AND d.current_hash IS DISTINCT FROM (
                SELECT p.current_hash
                  FROM reporting.fact_input_changes p
                 WHERE p.scenario_id = b.scenario_id AND p.node_id = d.node_id
                   AND (p.scenario_id, p.node_id, p.changed_at) <= (b.scenario_id, d.node_id, b.run_at) AND p.changed_at >= s.first_event_at AND (p.end_at IS NULL OR p.end_at > b.run_at)
                 ORDER BY p.changed_at DESC, p.node_data_id DESC
                 LIMIT 1))
 ORDER BY l.run_at, l.run_id
 LIMIT 1
