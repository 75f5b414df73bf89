-- name: reporting.timeline
-- The scenario's exact event time bounds (dim_scenario) change no answer; with the
-- partitioned layout they keep the other months' partitions from being read.
SELECT e.scenario_id, e.event_key, e.event_type, e.event_timestamp, e.event_user, e.node_id, n.node_name,
       e.run_id, e.request_id, e.event_description AS description, e.event_details AS details
  FROM reporting.fact_scenario_events e
  LEFT JOIN reporting.dim_node n ON n.node_id = e.node_id
 WHERE e.scenario_id = $1
   AND e.event_timestamp >= (SELECT s.first_event_at FROM reporting.dim_scenario s WHERE s.scenario_id = $1)
   AND e.event_timestamp <= (SELECT s.last_event_at FROM reporting.dim_scenario s WHERE s.scenario_id = $1)
 ORDER BY e.event_timestamp, e.event_rank, e.event_key
