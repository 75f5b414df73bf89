-- name: etl.audit_trail_stale
-- A refresh of view_scenario_audit_trail failed: the next ETL run refreshes it whatever it changed.
INSERT INTO reporting.settings (name, value) VALUES ('audit_trail_stale', 'true') ON CONFLICT (name) DO NOTHING
