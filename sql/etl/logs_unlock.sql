-- name: etl.logs_unlock
SELECT pg_catalog.pg_advisory_unlock($1, $2) AS unlocked
