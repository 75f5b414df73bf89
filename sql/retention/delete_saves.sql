-- name: retention.delete_saves
-- Up to $2 saves superseded before the cutoff $1 (a batch). A save still in force at the
-- cutoff (end_at NULL or later) stays: snapshots of the runs kept need it.
WITH doomed AS (
    SELECT scenario_id, node_data_id FROM reporting.fact_input_changes WHERE end_at < $1::timestamp LIMIT $2
), gone AS (
    DELETE FROM reporting.fact_input_changes f
     USING doomed d
     WHERE f.scenario_id = d.scenario_id AND f.node_data_id = d.node_data_id AND f.end_at < $1::timestamp
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
