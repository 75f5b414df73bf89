-- name: prod.request
-- What a request id belongs to: runs, input saves and scenario lifecycle steps.
SELECT 'run' AS what, r.scenario_id, s.scenario_display_name AS scenario_name, r.id AS run_id, NULL::text AS node_name, r.run_at AS at, r.run_by AS "user"
  FROM fc_scenario_run r JOIN fc_scenario s ON s.id = r.scenario_id WHERE r.run_req_id = $1
UNION ALL
SELECT 'input_save', d.scenario_id, s.scenario_display_name, NULL::uuid, n.node_display_name, d.created_at, d.created_by
  FROM fc_scenario_node_data d JOIN fc_scenario s ON s.id = d.scenario_id JOIN fc_model_node n ON n.id = d.model_node_id
 WHERE d.created_req_id = $1
UNION ALL
SELECT 'scenario_created', s.id, s.scenario_display_name, NULL, NULL, s.created_at, s.created_by FROM fc_scenario s WHERE s.created_req_id = $1
UNION ALL
SELECT 'scenario_updated', s.id, s.scenario_display_name, NULL, NULL, s.updated_at, s.updated_by FROM fc_scenario s WHERE s.updated_req_id = $1
UNION ALL
SELECT 'scenario_submitted', s.id, s.scenario_display_name, NULL, NULL, s.submitted_at, s.submitted_by FROM fc_scenario s WHERE s.submitted_req_id = $1
UNION ALL
SELECT 'scenario_locked', s.id, s.scenario_display_name, NULL, NULL, s.locked_at, s.locked_by FROM fc_scenario s WHERE s.locked_req_id = $1
 ORDER BY at, what, scenario_id
 LIMIT 50
