-- name: reporting.overview_kpis
-- The Overview's KPI figures over runs started in [$1, $2) (run_at, UTC).
-- Filters (NULL = any): $3 model id, $4 disease area, $5 scenario status,
-- $6 node type (runs with a failed calc of a node of that type), $7 fail_reason ILIKE pattern:
-- the function reporting.overview_runs (migration 006), which every run figure reads.
-- Plain aggregates over dim_run (range by dim_run_run_at_idx); the node-type filter is an
-- uncorrelated IN (hashed once; recursive planning on Citus). Days the retention pruned
-- come from reporting.agg_daily_runs (reporting.overview_daily_runs, migration 012): the
-- average duration is the sum over the count of both, as avg() computes it.
SELECT count(DISTINCT u.scenario_id) AS scenarios,
       coalesce(sum(u.runs), 0)::bigint AS runs,
       coalesce(sum(u.runs) FILTER (WHERE u.run_status = 'success'), 0)::bigint AS succeeded,
       coalesce(sum(u.runs) FILTER (WHERE u.run_status = 'failed'), 0)::bigint AS failed,
       coalesce(sum(u.runs) FILTER (WHERE u.run_status = 'timeout'), 0)::bigint AS timeouts,
       coalesce(sum(u.runs) FILTER (WHERE u.run_status IN ('success', 'failed', 'timeout')), 0)::bigint AS finished,
       sum(u.duration_ms) FILTER (WHERE u.run_status IN ('success', 'failed', 'timeout'))
         / nullif(sum(u.timed) FILTER (WHERE u.run_status IN ('success', 'failed', 'timeout')), 0)::numeric AS avg_duration_ms
  FROM (SELECT r.scenario_id, r.run_status, 1 AS runs, r.duration_seconds * 1000 AS duration_ms, (r.duration_seconds IS NOT NULL)::int AS timed
          FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
        UNION ALL
        SELECT a.scenario_id, a.run_status, a.runs, a.duration_seconds_sum * 1000, a.duration_count
          FROM reporting.overview_daily_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) a) u
