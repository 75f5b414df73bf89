-- name: reporting.overview_categories
-- Failed and timed-out runs started in [$1, $2) per error category and UTC day (the ETL's
-- dim_run.error_category; NULL, from a schema loaded before categories, counts as other);
-- same filters as overview_kpis ($3 … $7).
SELECT coalesce(r.error_category, 'other') AS category, to_char(r.run_at, 'YYYY-MM-DD') AS day, count(*) AS failures
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
 WHERE r.run_at >= $1::timestamp AND r.run_at < $2::timestamp
   AND r.run_status IN ('failed', 'timeout')
   AND ($3::uuid IS NULL OR s.model_id = $3::uuid)
   AND ($4::text IS NULL OR s.model_disease_area = $4::text)
   AND ($5::text IS NULL OR s.scenario_status = $5::text)
   AND ($6::text IS NULL OR r.run_id IN (
        SELECT c.run_id FROM reporting.fact_node_calculations c JOIN reporting.dim_node n ON n.node_id = c.node_id
         WHERE c.calc_status = 'failed' AND n.node_type = $6::text))
   AND ($7::text IS NULL OR r.fail_reason ILIKE $7::text)
 GROUP BY 1, 2
 ORDER BY 1, 2
