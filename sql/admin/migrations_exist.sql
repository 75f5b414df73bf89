-- name: admin.migrations_exist
SELECT to_regclass('reporting.schema_migrations')::text AS t
