-- name: retention.delete_diagnostics
-- Up to $2 run diagnostics of runs started before the cutoff $1 (a batch; archived first by
-- retention.archive_diagnostics).
WITH doomed AS (
    SELECT run_id FROM reporting.fact_run_diagnostic WHERE run_at < $1::timestamp LIMIT $2
), gone AS (
    DELETE FROM reporting.fact_run_diagnostic g USING doomed d WHERE g.run_id = d.run_id
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
