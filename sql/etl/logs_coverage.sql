-- name: etl.logs_coverage
-- Whether the reporting schema holds a run's logs ($1 the run): the log load's rows of
-- etl_state, and when the run was loaded (its records are resolved by the first log load after).
SELECT s.name, s.watermark, s.last_success_at, s.position,
       (SELECT r.etl_loaded_at FROM reporting.dim_run r WHERE r.run_id = $1::uuid) AS run_loaded_at
  FROM reporting.etl_state s
 WHERE s.name = 'logs' OR s.name LIKE 'logs:%'
 ORDER BY s.name
