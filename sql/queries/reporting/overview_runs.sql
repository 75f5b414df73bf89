-- name: reporting.overview_runs
-- The runs behind a figure of the Overview (drill-down), newest first. Filters $1 … $7 as
-- in overview_kpis, then what was clicked (NULL = any): $8 run statuses (text[]),
-- $9 error signature, $10 node id (runs where that node's calc failed), $11 scenario id;
-- $12 limit.
SELECT r.run_id, r.scenario_id, s.scenario_name, s.model_id, s.model_name, r.run_status, r.run_at,
       r.run_complete_at, r.duration_seconds * 1000 AS duration_ms, r.run_by, r.run_req_id, r.fail_reason, r.fail_signature,
       r.total_nodes AS nodes_total, r.nodes_failed
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
   AND ($8::text[] IS NULL OR r.run_status = ANY($8::text[]))
   AND ($9::text IS NULL OR r.fail_signature = $9::text)
   AND ($10::uuid IS NULL OR r.run_id IN (
        SELECT c.run_id FROM reporting.fact_node_calculations c WHERE c.node_id = $10::uuid AND c.calc_status = 'failed'))
   AND ($11::uuid IS NULL OR r.scenario_id = $11::uuid)
 ORDER BY r.run_at DESC, r.run_id DESC
 LIMIT $12
