-- name: reporting.rca_run_cards
-- Run cards (dim_run, with fact_run_diagnostic where loaded). $1 run ids.
-- previous_success_run_id: the diagnostic's, else the last success before the run (run order).
SELECT r.run_id, r.scenario_id, s.scenario_name, r.run_status, r.run_at, r.run_complete_at,
       r.duration_seconds::float8 AS duration_seconds, r.run_by, r.run_req_id AS request_id, r.fail_reason,
       d.error_category, coalesce(d.error_category_detail, r.error_category) AS error_category_detail,
       r.total_nodes, r.nodes_failed AS failed_nodes, d.stack_trace,
       coalesce(d.previous_success_run_id,
                (SELECT p.run_id FROM reporting.dim_run p
                  WHERE p.scenario_id = r.scenario_id AND p.run_status = 'success'
                    AND (p.run_at, p.run_id) < (r.run_at, r.run_id)
                  ORDER BY p.run_at DESC, p.run_id DESC LIMIT 1)) AS previous_success_run_id
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
  LEFT JOIN reporting.fact_run_diagnostic d ON d.run_id = r.run_id
 WHERE r.run_id = ANY($1::uuid[])
