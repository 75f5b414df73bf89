-- name: admin.cancel_backends
SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) AS n FROM unnest($1::int[]) AS pid
