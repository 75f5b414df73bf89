-- name: etl.open_runs
SELECT run_id FROM reporting.dim_run WHERE run_status IN ('queued', 'running')
