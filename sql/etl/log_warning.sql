-- name: etl.log_warning
-- A warning of a committed run's after-commit step (src/etl/etl.ts AFTER_COMMIT), added to its
-- run log row ($1 id; a successful run keeps its warnings in `error`, one a line).
UPDATE reporting.etl_run_log
   SET error = left(concat_ws(E'\n', error, $2::text), 2000)
 WHERE id = $1
