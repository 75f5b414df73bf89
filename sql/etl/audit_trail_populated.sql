-- name: etl.audit_trail_populated
-- Whether view_scenario_audit_trail holds rows from a refresh (REFRESH … CONCURRENTLY needs it).
SELECT ispopulated AS populated FROM pg_matviews WHERE schemaname = 'reporting' AND matviewname = 'view_scenario_audit_trail'
