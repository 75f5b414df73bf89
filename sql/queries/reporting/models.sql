-- name: reporting.models
SELECT s.model_id, min(s.model_name) AS model_name,
       count(*) AS scenarios,
       count(*) FILTER (WHERE s.last_run_status IN ('failed', 'timeout')) AS failing
  FROM reporting.dim_scenario s
 WHERE ($1::text IS NULL AND $2::text IS NULL) OR s.scenario_name ILIKE $1 OR s.scenario_id::text LIKE $2
 GROUP BY s.model_id
 ORDER BY min(s.model_name), s.model_id
