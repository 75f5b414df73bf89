-- name: admin.migrations_exist
SELECT pg_catalog.to_regclass('reporting.schema_migrations')::pg_catalog.text AS t
