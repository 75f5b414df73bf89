-- name: reporting.request
SELECT 'run' AS what, r.scenario_id, s.scenario_name, r.run_id, NULL::text AS node_name, r.run_at AS at, r.run_by AS "user"
  FROM reporting.dim_run r JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id WHERE r.run_req_id = $1
UNION ALL
SELECT 'input_save', d.scenario_id, s.scenario_name, NULL::uuid, n.node_name, d.changed_at, d.changed_by
  FROM reporting.fact_input_changes d JOIN reporting.dim_scenario s ON s.scenario_id = d.scenario_id
  JOIN reporting.dim_node n ON n.node_id = d.node_id
 WHERE d.request_id = $1
UNION ALL
SELECT 'scenario_created', s.scenario_id, s.scenario_name, NULL, NULL, s.created_at, s.created_by FROM reporting.dim_scenario s WHERE s.created_req_id = $1
UNION ALL
SELECT 'scenario_updated', s.scenario_id, s.scenario_name, NULL, NULL, s.updated_at, s.updated_by FROM reporting.dim_scenario s WHERE s.updated_req_id = $1
UNION ALL
SELECT 'scenario_submitted', s.scenario_id, s.scenario_name, NULL, NULL, s.submitted_at, s.submitted_by FROM reporting.dim_scenario s WHERE s.submitted_req_id = $1
UNION ALL
SELECT 'scenario_locked', s.scenario_id, s.scenario_name, NULL, NULL, s.locked_at, s.locked_by FROM reporting.dim_scenario s WHERE s.locked_req_id = $1
 ORDER BY at, what, scenario_id
 LIMIT 50
