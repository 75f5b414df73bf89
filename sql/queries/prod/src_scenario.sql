-- name: prod.src_scenario
SELECT s.id, s.model_id, s.scenario_display_name, s.status,
       s.created_at, s.created_by, s.created_req_id, s.updated_at, s.updated_by, s.updated_req_id,
       s.submitted_at, s.submitted_by, s.submitted_req_id, s.locked_at, s.locked_by, s.locked_req_id
  FROM fc_scenario s WHERE s.id = $1
