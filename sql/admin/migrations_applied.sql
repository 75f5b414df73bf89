-- name: admin.migrations_applied
SELECT version FROM reporting.schema_migrations
