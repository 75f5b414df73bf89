-- name: reporting.overview_categories
-- Failed and timed-out runs started in [$1, $2) per error category and UTC day (the ETL's
-- dim_run.error_category; NULL, from a schema loaded before categories, counts as other);
-- same filters as overview_kpis ($3 … $7).
SELECT coalesce(r.error_category, 'other') AS category, to_char(r.run_at, 'YYYY-MM-DD') AS day, count(*) AS failures
  FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
 WHERE r.run_status IN ('failed', 'timeout')
 GROUP BY 1, 2
 ORDER BY 1, 2
