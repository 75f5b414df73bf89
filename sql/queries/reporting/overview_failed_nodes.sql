-- name: reporting.overview_failed_nodes
-- Failed node calculations of runs started in [$1, $2), by node, most frequent first.
-- Scenario filters $3 … $5 as in overview_kpis; $6 node type of the node itself; $7 ILIKE
-- pattern matched against the calc's or the run's fail_reason (reporting.overview_calcs,
-- migration 006); $8 limit.
-- Starts from the partial index fact_calc_failed_idx (calc_status = 'failed').
SELECT c.node_id, c.node_name, c.node_type, c.node_model_id AS model_id, c.node_model_name AS model_name,
       count(*) AS failures,
       count(DISTINCT c.run_id) AS runs,
       count(DISTINCT c.scenario_id) AS scenarios,
       max(coalesce(c.processing_end_at, c.run_complete_at, c.run_at)) AS last_failed_at,
       (array_agg(c.fail_reason ORDER BY c.run_at DESC, c.calc_id DESC))[1] AS last_fail_reason
  FROM reporting.overview_calcs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) c
 WHERE c.calc_status = 'failed'
 GROUP BY c.node_id, c.node_name, c.node_type, c.node_model_id, c.node_model_name
 ORDER BY failures DESC, c.node_name, c.node_id
 LIMIT $8
