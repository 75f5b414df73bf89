-- name: prod.src_failed_calcs
SELECT c.id, c.run_id, r.scenario_id, c.model_node_id, c.status, c.fail_reason,
       c.processing_start_at, c.processing_end_at, c.processing_duration, r.run_complete_at, r.run_by, r.run_req_id
  FROM fc_scenario_run r
  JOIN fc_scenario_node_calc c ON c.run_id = r.id
 WHERE r.scenario_id = $1 AND c.status = 'failed'
