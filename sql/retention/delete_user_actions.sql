-- name: retention.delete_user_actions
-- Up to $2 user actions older than the cutoff $1, or of a run started before it (a batch).
WITH doomed AS (
    SELECT scenario_id, action_key FROM reporting.fact_user_action
     WHERE action_at < $1::timestamp
        OR run_id IN (SELECT r.run_id FROM reporting.dim_run r WHERE r.run_at < $1::timestamp)
     LIMIT $2
), gone AS (
    DELETE FROM reporting.fact_user_action a
     USING doomed d
     WHERE a.scenario_id = d.scenario_id AND a.action_key = d.action_key
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
