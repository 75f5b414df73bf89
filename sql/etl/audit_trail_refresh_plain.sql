-- name: etl.audit_trail_refresh_plain
-- Migration 011's backfill, inside the migration's transaction: the audit trail over the facts it derived.
REFRESH MATERIALIZED VIEW reporting.view_scenario_audit_trail
