-- name: retention.delete_state_changes
-- Up to $2 lifecycle transitions older than the cutoff $1, or of a run started before it (a batch).
WITH doomed AS (
    SELECT scenario_id, change_key FROM reporting.fact_scenario_state_change
     WHERE changed_at < $1::timestamp
        OR run_id IN (SELECT r.run_id FROM reporting.dim_run r WHERE r.run_at < $1::timestamp)
     LIMIT $2
), gone AS (
    DELETE FROM reporting.fact_scenario_state_change s
     USING doomed d
     WHERE s.scenario_id = d.scenario_id AND s.change_key = d.change_key
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
