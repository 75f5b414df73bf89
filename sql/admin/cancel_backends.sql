-- name: admin.cancel_backends
SELECT pg_catalog.count(*) FILTER (WHERE pg_catalog.pg_cancel_backend(pid)) AS n FROM pg_catalog.unnest($1::pg_catalog.int4[]) AS pid
