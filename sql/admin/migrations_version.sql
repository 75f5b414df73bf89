-- name: admin.migrations_version
SELECT max(version) AS v FROM reporting.schema_migrations
