-- name: admin.advisory_xact_lock
-- $1 lock class, $2 lock object; held until the transaction ends.
SELECT pg_catalog.pg_advisory_xact_lock($1, $2)
