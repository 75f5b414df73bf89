-- name: etl.audit_trail_fill
-- A first load or a full reload (src/etl/auditTrail.ts): view_scenario_audit_trail filled whole
-- from its definition (reporting.audit_trail_rows, migration 015), into the empty table, before
-- its indexes are built.
INSERT INTO reporting.view_scenario_audit_trail (audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata)
SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
  FROM reporting.audit_trail_rows
