-- name: etl.audit_trail_state
-- Whether view_scenario_audit_trail holds rows from a refresh (REFRESH … CONCURRENTLY needs a
-- populated view, and is only worth it over rows readers use: an empty one is refreshed plainly),
-- and whether a refresh failed since the last one that succeeded (reporting.settings).
SELECT m.ispopulated AS populated,
       m.ispopulated AND EXISTS (SELECT 1 FROM reporting.view_scenario_audit_trail) AS has_rows,
       EXISTS (SELECT 1 FROM reporting.settings WHERE name = 'audit_trail_stale') AS stale
  FROM pg_matviews m
 WHERE m.schemaname = 'reporting' AND m.matviewname = 'view_scenario_audit_trail'
