-- name: etl.audit_trail_logs_put
-- The audit trail rows of the log records $1 (keys) as the definition gives them now
-- (reporting.audit_trail_log_rows, by the records' key), after the log load added or resolved
-- them (src/etl/auditTrail.ts syncAuditTrailLogs, which adds the upsert). `src` only: nothing
-- is deleted here (audit_trail_logs_drop.sql removes the rows under a record's old scenario).
src AS MATERIALIZED (
    SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
      FROM reporting.audit_trail_log_rows
     WHERE log_key = ANY($1::text[])
)
