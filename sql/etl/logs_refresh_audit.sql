-- name: etl.logs_refresh_audit
-- After a log load that changed records: the audit trail picks up their warnings and errors
-- (readers keep the old rows until it is done; it needs its unique index, migration 010).
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.view_scenario_audit_trail
