-- name: reporting.overview_failed_calcs
-- The failed node calcs behind the processing-time chart's error points: same filters as
-- overview_failed_nodes ($1 … $7), the latest $8 of them.
SELECT c.calc_id, c.run_id, c.scenario_id, s.scenario_name, c.node_id, n.node_name, n.node_type,
       c.processing_duration_sec AS duration_s, r.run_at, r.run_status, c.fail_reason
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
 ORDER BY r.run_at DESC, c.calc_id
 LIMIT $8
