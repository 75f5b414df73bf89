-- name: reporting.overview_runs_per_day
-- Runs started per UTC day and status in [$1, $2); same filters as overview_kpis ($3 … $7).
-- Days the retention pruned come from reporting.agg_daily_runs (migration 012; each run is
-- in exactly one of the two), so the figures do not change when a month is pruned.
SELECT u.day, u.status, sum(u.runs)::bigint AS runs
  FROM (SELECT to_char(r.run_at, 'YYYY-MM-DD') AS day, r.run_status AS status, 1 AS runs
          FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
        UNION ALL
        SELECT to_char(a.day, 'YYYY-MM-DD'), a.run_status, a.runs
          FROM reporting.overview_daily_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) a) u
 GROUP BY 1, 2
 ORDER BY 1, 2
