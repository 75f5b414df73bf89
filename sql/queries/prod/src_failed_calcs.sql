-- name: prod.src_failed_calcs
-- The failed calcs of each of the scenario's runs, through the documented index
-- fc_scenario_node_calc(run_id). (OFFSET 0 keeps the per-run lookup: flattened into a plain
-- join, the planner may scan every calc for the few failed ones of a scenario with many runs.)
-- Scoped by scenario: a calc counts only when its node belongs to this scenario's model, so
-- a run id that production holds twice (no primary key) never brings another scenario's calcs.
SELECT c.id, c.run_id, r.scenario_id, c.model_node_id, c.status, c.fail_reason,
       c.processing_start_at, c.processing_end_at, c.processing_duration, r.run_complete_at, r.run_by, r.run_req_id
  FROM fc_scenario_run r
  JOIN fc_scenario s ON s.id = r.scenario_id
 CROSS JOIN LATERAL (
        SELECT c.id, c.run_id, c.model_node_id, c.status, c.fail_reason, c.processing_start_at, c.processing_end_at, c.processing_duration
          FROM fc_scenario_node_calc c
          JOIN fc_model_node n ON n.id = c.model_node_id
         WHERE c.run_id = r.id AND c.status = 'failed' AND n.model_id = s.model_id
        OFFSET 0) c
 WHERE r.scenario_id = $1
