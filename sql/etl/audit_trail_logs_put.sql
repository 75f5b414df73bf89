-- name: etl.audit_trail_logs_put
-- The audit trail rows of the log records $1 (keys) as the definition gives them now
-- (reporting.audit_trail_log_rows, by the records' key), after the log load added or resolved
-- them (src/etl/auditTrail.ts syncAuditTrailLogs). Returns the rows written.
WITH put AS (
    INSERT INTO reporting.view_scenario_audit_trail AS t (audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata)
    SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
      FROM reporting.audit_trail_log_rows
     WHERE log_key = ANY($1::text[])
    ON CONFLICT (scenario_id, audit_key) DO UPDATE SET
        "timestamp" = EXCLUDED."timestamp", event_type = EXCLUDED.event_type, run_id = EXCLUDED.run_id,
        correlation_id = EXCLUDED.correlation_id, description = EXCLUDED.description,
        error_category = EXCLUDED.error_category, metadata = EXCLUDED.metadata
    WHERE (t."timestamp", t.event_type, t.run_id, t.correlation_id, t.description, t.error_category, t.metadata)
          IS DISTINCT FROM (EXCLUDED."timestamp", EXCLUDED.event_type, EXCLUDED.run_id, EXCLUDED.correlation_id, EXCLUDED.description,
                            EXCLUDED.error_category, EXCLUDED.metadata)
    RETURNING 1
)
SELECT count(*)::int AS written FROM put
