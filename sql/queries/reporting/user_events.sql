-- name: reporting.user_events
-- The actions of user $1 (what they did: lifecycle steps, input changes, runs started) in
-- [$2, $3), newest first, at most $4; each with its scenario, node, and for a run how it
-- ended. fact_events_user_idx (event_user, event_timestamp).
SELECT e.event_key, e.event_type, e.event_timestamp, e.scenario_id, s.scenario_name, s.model_name,
       e.node_id, n.node_name, e.run_id, r.run_status, r.fail_reason, e.request_id, e.event_description AS description
  FROM reporting.fact_scenario_events e
  JOIN reporting.dim_scenario s ON s.scenario_id = e.scenario_id
  LEFT JOIN reporting.dim_node n ON n.node_id = e.node_id
  LEFT JOIN reporting.dim_run r ON r.run_id = e.run_id AND e.event_type = 'RUN_STARTED'
 WHERE e.event_user = $1::text
   AND e.event_timestamp >= $2::timestamp AND e.event_timestamp < $3::timestamp
   AND e.event_type IN ('SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED', 'INPUT_CHANGED', 'RUN_STARTED')
 ORDER BY e.event_timestamp DESC, e.event_key DESC
 LIMIT $4
