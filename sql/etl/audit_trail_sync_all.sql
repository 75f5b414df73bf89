-- name: etl.audit_trail_sync_all
-- view_scenario_audit_trail made equal to its definition (reporting.audit_trail_rows) whole:
-- after retention removed facts, or an in-place reload (src/etl/auditTrail.ts, which adds the
-- delete of rows whose source is gone and the upsert). `src`: the rows as they should be,
-- `cur`: the rows there now.
src AS MATERIALIZED (
    SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
      FROM reporting.audit_trail_rows
), cur AS MATERIALIZED (
    SELECT t.scenario_id, t.audit_key, t.audit_source, t."timestamp", t.event_type, t.user_id, t.run_id, t.node_id, t.correlation_id, t.description, t.error_category, t.metadata
      FROM reporting.view_scenario_audit_trail t
)
