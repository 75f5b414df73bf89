-- name: retention.refresh_audit_trail
-- After a prune: the unified timeline (migration 010) without the facts moved out; readers
-- keep the old rows until the commit (CONCURRENTLY: its unique index view_audit_trail_key_idx).
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.view_scenario_audit_trail
