-- name: reporting.rca_top_categories
-- GET /rca/errors/top-categories: failed runs (failed or timeout) started in the window
-- ($1 since, $2 until, inclusive, on run_at), of one model ($3, NULL = all), grouped by the
-- stored design category (fact_run_diagnostic, NULL until loaded), our category and the error
-- signature; the engine maps a group without a stored design category by designCategory.
SELECT d.error_category AS design_category, r.error_category AS category_detail, r.fail_signature AS signature,
       (array_agg(r.fail_reason ORDER BY r.run_at DESC, r.run_id DESC) FILTER (WHERE r.fail_reason IS NOT NULL))[1] AS sample_reason,
       count(*) AS failures,
       array_agg(DISTINCT r.scenario_id) AS scenario_ids,
       max(coalesce(r.run_complete_at, r.run_at)) AS last_seen
  FROM reporting.dim_run r
  LEFT JOIN reporting.fact_run_diagnostic d ON d.run_id = r.run_id
 WHERE r.run_status IN ('failed', 'timeout')
   AND ($1::timestamp IS NULL OR r.run_at >= $1)
   AND ($2::timestamp IS NULL OR r.run_at <= $2)
   AND ($3::uuid IS NULL OR r.scenario_id IN (SELECT s.scenario_id FROM reporting.dim_scenario s WHERE s.model_id = $3))
 GROUP BY 1, 2, 3
