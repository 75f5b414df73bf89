-- name: retention.delete_runs
-- Up to $2 runs started before the cutoff $1 (a batch; archived first, retention.archive_columns).
-- Every fact of theirs went before them (children before parents: the foreign keys of migration 011).
WITH doomed AS (
    SELECT run_id FROM reporting.dim_run WHERE run_at < $1::timestamp LIMIT $2
), gone AS (
    DELETE FROM reporting.dim_run r USING doomed d WHERE r.run_id = d.run_id
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
