-- name: admin.migration_record
INSERT INTO reporting.schema_migrations (version, name) VALUES ($1, $2)
