-- name: reporting.overview_runs
-- The runs behind a figure of the Overview (drill-down), newest first. Filters $1 … $7 as
-- in overview_kpis, then what was clicked (NULL = any): $8 run statuses (text[]),
-- $9 error signature, $10 node id (runs where that node's calc failed), $11 scenario id;
-- $12 limit.
SELECT r.run_id, r.scenario_id, r.scenario_name, r.model_id, r.model_name, r.run_status, r.run_at,
       r.run_complete_at, r.duration_seconds * 1000 AS duration_ms, r.run_by, r.run_req_id, r.fail_reason, r.fail_signature,
       r.total_nodes AS nodes_total, r.nodes_failed
  FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
 WHERE ($8::text[] IS NULL OR r.run_status = ANY($8::text[]))
   AND ($9::text IS NULL OR r.fail_signature = $9::text)
   AND ($10::uuid IS NULL OR r.run_id IN (
        SELECT c.run_id FROM reporting.fact_node_calculations c WHERE c.node_id = $10::uuid AND c.calc_status = 'failed'))
   AND ($11::uuid IS NULL OR r.scenario_id = $11::uuid)
 ORDER BY r.run_at DESC, r.run_id DESC
 LIMIT $12
