-- name: retention.delete_runs
-- Runs started before the cutoff $1 that no fact refers to any more (a run whose completion
-- event is still kept stays).
WITH gone AS (
    DELETE FROM reporting.dim_run r
     WHERE r.run_at < $1::timestamp
       AND NOT EXISTS (SELECT 1 FROM reporting.fact_scenario_events e WHERE e.run_id = r.run_id)
       AND NOT EXISTS (SELECT 1 FROM reporting.fact_node_calculations c WHERE c.run_id = r.run_id)
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
