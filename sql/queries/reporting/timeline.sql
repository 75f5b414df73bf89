-- name: reporting.timeline
SELECT e.scenario_id, e.event_key, e.event_type, e.event_timestamp, e.event_user, e.node_id, n.node_name,
       e.run_id, e.request_id, e.description, e.details
  FROM reporting.fact_scenario_events e
  LEFT JOIN reporting.dim_node n ON n.node_id = e.node_id
 WHERE e.scenario_id = $1
 ORDER BY e.event_timestamp, e.event_rank, e.event_key
