-- name: reporting.overview_kpis
-- The Overview's KPI figures over runs started in [$1, $2) (run_at, UTC).
-- Filters (NULL = any): $3 model id, $4 disease area, $5 scenario status,
-- $6 node type (runs with a failed calc of a node of that type), $7 fail_reason ILIKE pattern:
-- the function reporting.overview_runs (migration 006), which every run figure reads.
-- Plain aggregates over dim_run (range by dim_run_run_at_idx); the node-type filter is an
-- uncorrelated IN (hashed once; recursive planning on Citus).
SELECT count(DISTINCT r.scenario_id) AS scenarios,
       count(*) AS runs,
       count(*) FILTER (WHERE r.run_status = 'success') AS succeeded,
       count(*) FILTER (WHERE r.run_status = 'failed') AS failed,
       count(*) FILTER (WHERE r.run_status = 'timeout') AS timeouts,
       count(*) FILTER (WHERE r.run_status IN ('success', 'failed', 'timeout')) AS finished,
       avg(r.duration_seconds * 1000) FILTER (WHERE r.run_status IN ('success', 'failed', 'timeout')) AS avg_duration_ms
  FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
