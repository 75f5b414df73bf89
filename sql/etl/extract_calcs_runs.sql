-- name: etl.extract_calcs_runs
-- Node calcs of the given runs (index fc_scenario_node_calc(run_id)).
SELECT c.id, c.run_id, r.scenario_id, c.model_node_id, c.status, c.fail_reason,
       c.processing_start_at, c.processing_end_at, c.processing_duration,
       r.run_at, r.run_complete_at, r.run_by, r.run_req_id
  FROM fc_scenario_node_calc c
  JOIN fc_scenario_run r ON r.id = c.run_id
 WHERE c.run_id = ANY($1::uuid[])
