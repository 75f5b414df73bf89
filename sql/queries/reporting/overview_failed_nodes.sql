-- name: reporting.overview_failed_nodes
-- Failed node calculations of runs started in [$1, $2), by node, most frequent first.
-- Scenario filters $3 … $5 as in overview_kpis; $6 node type of the node itself; $7 ILIKE
-- pattern matched against the calc's or the run's fail_reason; $8 limit.
-- Starts from the partial index fact_calc_failed_idx (calc_status = 'failed').
SELECT c.node_id, n.node_name, n.node_type, n.model_id, n.model_name,
       count(*) AS failures,
       count(DISTINCT c.run_id) AS runs,
       count(DISTINCT c.scenario_id) AS scenarios,
       max(coalesce(c.processing_end_at, r.run_complete_at, r.run_at)) AS last_failed_at,
       (array_agg(c.fail_reason ORDER BY r.run_at DESC, c.calc_id DESC))[1] AS last_fail_reason
  FROM reporting.fact_node_calculations c
  JOIN reporting.dim_run r ON r.run_id = c.run_id
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
  JOIN reporting.dim_node n ON n.node_id = c.node_id
 WHERE c.calc_status = 'failed'
   AND r.run_at >= $1::timestamp AND r.run_at < $2::timestamp
   AND ($3::uuid IS NULL OR s.model_id = $3::uuid)
   AND ($4::text IS NULL OR s.model_disease_area = $4::text)
   AND ($5::text IS NULL OR s.scenario_status = $5::text)
   AND ($6::text IS NULL OR n.node_type = $6::text)
   AND ($7::text IS NULL OR c.fail_reason ILIKE $7::text OR r.fail_reason ILIKE $7::text)
 GROUP BY c.node_id, n.node_name, n.node_type, n.model_id, n.model_name
 ORDER BY failures DESC, n.node_name, c.node_id
 LIMIT $8
