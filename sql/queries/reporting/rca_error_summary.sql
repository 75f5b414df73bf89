-- name: reporting.rca_error_summary
-- GET /rca/scenario/{id}/error-summary: the scenario's runs started in the window ($2 since,
-- $3 until, inclusive, on run_at), newest first, with the stored design category where loaded.
SELECT r.run_id, r.run_status, r.run_at, coalesce(r.run_complete_at, r.run_at) AS at, r.fail_reason, r.fail_signature,
       d.error_category AS design_category, r.error_category AS category_detail
  FROM reporting.dim_run r
  LEFT JOIN reporting.fact_run_diagnostic d ON d.run_id = r.run_id
 WHERE r.scenario_id = $1
   AND ($2::timestamp IS NULL OR r.run_at >= $2)
   AND ($3::timestamp IS NULL OR r.run_at <= $3)
 ORDER BY r.run_at DESC, r.run_id DESC
