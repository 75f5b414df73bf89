-- name: reporting.overview_top_failing
-- Scenarios with the most failed or timed-out runs started in [$1, $2); filters $3 … $7 as
-- in overview_kpis; $8 limit. Ties: the most recent failure first.
SELECT s.scenario_id, s.scenario_name, s.scenario_status AS status, s.model_id, s.model_name, s.model_disease_area AS disease_area,
       s.last_run_status,
       count(*) FILTER (WHERE r.run_status IN ('failed', 'timeout')) AS failures,
       count(*) FILTER (WHERE r.run_status = 'timeout') AS timeouts,
       count(*) AS runs,
       max(r.run_at) FILTER (WHERE r.run_status IN ('failed', 'timeout')) AS last_failure_at,
       (array_agg(r.run_id ORDER BY r.run_at DESC, r.run_id DESC) FILTER (WHERE r.run_status IN ('failed', 'timeout')))[1] AS last_failed_run_id,
       (array_agg(r.fail_reason ORDER BY r.run_at DESC, r.run_id DESC) FILTER (WHERE r.run_status IN ('failed', 'timeout')))[1] AS last_fail_reason
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
 WHERE r.run_at >= $1::timestamp AND r.run_at < $2::timestamp
   AND ($3::uuid IS NULL OR s.model_id = $3::uuid)
   AND ($4::text IS NULL OR s.model_disease_area = $4::text)
   AND ($5::text IS NULL OR s.scenario_status = $5::text)
   AND ($6::text IS NULL OR r.run_id IN (
        SELECT c.run_id FROM reporting.fact_node_calculations c JOIN reporting.dim_node n ON n.node_id = c.node_id
         WHERE c.calc_status = 'failed' AND n.node_type = $6::text))
   AND ($7::text IS NULL OR r.fail_reason ILIKE $7::text)
 GROUP BY s.scenario_id
HAVING count(*) FILTER (WHERE r.run_status IN ('failed', 'timeout')) > 0
 ORDER BY failures DESC, last_failure_at DESC, s.scenario_id
 LIMIT $8
