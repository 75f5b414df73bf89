-- name: etl.audit_trail_logs_drop
-- The log load resolved records to their run (src/etl/auditTrail.ts syncAuditTrailLogs): the
-- audit trail rows they had under the scenario they had before ($2, in the order of the keys
-- $1; NULL: none, a record without a scenario is not in the trail). Returns the rows removed.
WITH gone AS (
    DELETE FROM reporting.view_scenario_audit_trail t
     USING unnest($1::text[], $2::uuid[]) AS o(log_key, scenario_id)
     WHERE o.scenario_id IS NOT NULL AND t.scenario_id = o.scenario_id AND t.audit_key = 'log:' || o.log_key
    RETURNING 1
)
SELECT count(*)::int AS removed FROM gone
