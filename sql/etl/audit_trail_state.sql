-- name: etl.audit_trail_state
-- Whether view_scenario_audit_trail holds rows from a refresh (REFRESH … CONCURRENTLY needs it),
-- and whether a refresh failed since the last one that succeeded (reporting.settings).
SELECT m.ispopulated AS populated,
       EXISTS (SELECT 1 FROM reporting.settings WHERE name = 'audit_trail_stale') AS stale
  FROM pg_matviews m
 WHERE m.schemaname = 'reporting' AND m.matviewname = 'view_scenario_audit_trail'
