-- name: admin.database_identity
-- Which server and database a connection reached, whatever name or address led there.
SELECT pg_catalog.current_database() AS database,
       (SELECT oid FROM pg_catalog.pg_database WHERE datname OPERATOR(pg_catalog.=) pg_catalog.current_database())::pg_catalog.text AS oid,
       pg_catalog.pg_postmaster_start_time()::pg_catalog.text AS started,
       pg_catalog.current_setting('port') AS port
