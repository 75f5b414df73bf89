-- name: reporting.overview_runs_per_day
-- Runs started per UTC day and status in [$1, $2); same filters as overview_kpis ($3 … $7).
SELECT to_char(r.run_at, 'YYYY-MM-DD') AS day, r.run_status AS status, count(*) AS runs
  FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
 GROUP BY 1, 2
 ORDER BY 1, 2
