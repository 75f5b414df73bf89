-- name: retention.delete_events
-- Up to $2 timeline events older than the cutoff $1, or of a run started before it (a batch;
-- repeated until none is left). The runs go last (retention.archive_runs), so this reads them.
WITH doomed AS (
    SELECT scenario_id, event_key FROM reporting.fact_scenario_events
     WHERE event_timestamp < $1::timestamp
        OR run_id IN (SELECT r.run_id FROM reporting.dim_run r WHERE r.run_at < $1::timestamp)
     LIMIT $2
), gone AS (
    DELETE FROM reporting.fact_scenario_events e
     USING doomed d
     WHERE e.scenario_id = d.scenario_id AND e.event_key = d.event_key
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
