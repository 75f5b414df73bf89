-- name: etl.audit_trail_sync_all
-- view_scenario_audit_trail made equal to its definition (reporting.audit_trail_rows) for the
-- scenarios $1, or all of them (NULL): after retention removed facts, an in-place reload, or
-- a repair (src/etl/auditTrail.ts). Rows upserted (an unchanged row not rewritten), rows whose
-- source is gone deleted. Returns the rows written and removed.
WITH src AS MATERIALIZED (
    SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
      FROM reporting.audit_trail_rows
     WHERE $1::uuid[] IS NULL OR scenario_id = ANY($1::uuid[])
), gone AS (
    DELETE FROM reporting.view_scenario_audit_trail t
     WHERE ($1::uuid[] IS NULL OR t.scenario_id = ANY($1::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM src s WHERE s.scenario_id = t.scenario_id AND s.audit_key = t.audit_key)
    RETURNING 1
), put AS (
    INSERT INTO reporting.view_scenario_audit_trail AS t (audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata)
    SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata FROM src
    ON CONFLICT (scenario_id, audit_key) DO UPDATE SET
        audit_source = EXCLUDED.audit_source, "timestamp" = EXCLUDED."timestamp", event_type = EXCLUDED.event_type,
        user_id = EXCLUDED.user_id, run_id = EXCLUDED.run_id, node_id = EXCLUDED.node_id,
        correlation_id = EXCLUDED.correlation_id, description = EXCLUDED.description,
        error_category = EXCLUDED.error_category, metadata = EXCLUDED.metadata
    WHERE (t.audit_source, t."timestamp", t.event_type, t.user_id, t.run_id, t.node_id, t.correlation_id, t.description, t.error_category, t.metadata)
          IS DISTINCT FROM
          (EXCLUDED.audit_source, EXCLUDED."timestamp", EXCLUDED.event_type, EXCLUDED.user_id, EXCLUDED.run_id, EXCLUDED.node_id,
           EXCLUDED.correlation_id, EXCLUDED.description, EXCLUDED.error_category, EXCLUDED.metadata)
    RETURNING 1
)
SELECT (SELECT count(*) FROM put)::int AS written, (SELECT count(*) FROM gone)::int AS removed
