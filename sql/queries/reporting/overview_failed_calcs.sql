-- name: reporting.overview_failed_calcs
-- The failed node calcs behind the processing-time chart's error points: same filters as
-- overview_failed_nodes ($1 … $7), the latest $8 of them.
SELECT c.calc_id, c.run_id, c.scenario_id, c.scenario_name, c.node_id, c.node_name, c.node_type,
       c.processing_duration_sec AS duration_s, c.run_at, c.run_status, c.fail_reason
  FROM reporting.overview_calcs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) c
 WHERE c.calc_status = 'failed'
 ORDER BY c.run_at DESC, c.calc_id
 LIMIT $8
