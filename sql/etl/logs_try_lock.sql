-- name: etl.logs_try_lock
-- The log load's own session lock ($1 class, $2 object): false when another load holds it.
SELECT pg_catalog.pg_try_advisory_lock($1, $2) AS locked
