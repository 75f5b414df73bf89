-- name: admin.database_identity
-- Which server and database a connection reached, whatever name or address led there.
SELECT current_database() AS database,
       (SELECT oid FROM pg_database WHERE datname = current_database())::text AS oid,
       pg_postmaster_start_time()::text AS started,
       current_setting('port') AS port
