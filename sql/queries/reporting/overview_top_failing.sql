-- name: reporting.overview_top_failing
-- Scenarios with the most failed or timed-out runs started in [$1, $2); filters $3 … $7 as
-- in overview_kpis; $8 limit. Ties: the most recent failure first.
SELECT r.scenario_id, r.scenario_name, r.scenario_status AS status, r.model_id, r.model_name, r.model_disease_area AS disease_area,
       r.last_run_status,
       count(*) FILTER (WHERE r.run_status IN ('failed', 'timeout')) AS failures,
       count(*) FILTER (WHERE r.run_status = 'timeout') AS timeouts,
       count(*) AS runs,
       max(r.run_at) FILTER (WHERE r.run_status IN ('failed', 'timeout')) AS last_failure_at,
       (array_agg(r.run_id ORDER BY r.run_at DESC, r.run_id DESC) FILTER (WHERE r.run_status IN ('failed', 'timeout')))[1] AS last_failed_run_id,
       (array_agg(r.fail_reason ORDER BY r.run_at DESC, r.run_id DESC) FILTER (WHERE r.run_status IN ('failed', 'timeout')))[1] AS last_fail_reason
  FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
 GROUP BY r.scenario_id, r.scenario_name, r.scenario_status, r.model_id, r.model_name, r.model_disease_area, r.last_run_status
HAVING count(*) FILTER (WHERE r.run_status IN ('failed', 'timeout')) > 0
 ORDER BY failures DESC, last_failure_at DESC, r.scenario_id
 LIMIT $8
