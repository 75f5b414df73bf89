-- name: reporting.overview_categories
-- Failed and timed-out runs started in [$1, $2) per error category and UTC day (the ETL's
-- dim_run.error_category; NULL, from a schema loaded before categories, counts as other);
-- same filters as overview_kpis ($3 … $7). Pruned days from reporting.agg_daily_runs.
SELECT u.category, u.day, sum(u.failures)::bigint AS failures
  FROM (SELECT coalesce(r.error_category, 'other') AS category, to_char(r.run_at, 'YYYY-MM-DD') AS day, 1 AS failures
          FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
         WHERE r.run_status IN ('failed', 'timeout')
        UNION ALL
        SELECT coalesce(a.error_category, 'other'), to_char(a.day, 'YYYY-MM-DD'), a.runs
          FROM reporting.overview_daily_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) a
         WHERE a.run_status IN ('failed', 'timeout')) u
 GROUP BY 1, 2
 ORDER BY 1, 2
