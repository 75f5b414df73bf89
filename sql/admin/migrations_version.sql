-- name: admin.migrations_version
SELECT pg_catalog.max(version) AS v FROM reporting.schema_migrations
