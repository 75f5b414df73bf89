-- name: admin.reporting_fresh
-- Whether the reporting schema is being created now: no migration recorded yet and no fact table.
SELECT NOT EXISTS (SELECT 1 FROM reporting.schema_migrations)
   AND pg_catalog.to_regclass('reporting.fact_scenario_events') IS NULL AS fresh
