-- name: etl.derive_user_actions
-- fact_user_action from fact_scenario_events: every event with a user (scenario lifecycle,
-- input changes, runs started and ended, failed node calcs of a user's run), the columns of
-- the table spec (src/etl/derived.ts) but the session ones (derive_user_sessions.sql).
-- Scope ($1 NULL: every event): the events this run may have written or removed, in disjoint
-- parts, each on an index: of scenarios $1 since $3 (the window's start; NULL: all of them), of
-- runs $2, and the lifecycle events of scenarios $1 (their time may lie before the window),
-- probed by key (one OR over the three read every event of the scenarios: 6,000-230,000
-- buffers at 4S).
-- everything ($1 NULL)
SELECT e.scenario_id, e.event_key AS action_key, e.event_user AS user_id, e.event_type AS action_type,
       e.event_timestamp AS action_at, e.run_id, e.node_id, e.request_id,
       e.event_description AS description, e.event_details AS metadata
  FROM reporting.fact_scenario_events e
 WHERE e.event_user IS NOT NULL AND $1::uuid[] IS NULL
UNION ALL
-- the scenarios' events since the window's start
SELECT e.scenario_id, e.event_key AS action_key, e.event_user AS user_id, e.event_type AS action_type,
       e.event_timestamp AS action_at, e.run_id, e.node_id, e.request_id,
       e.event_description AS description, e.event_details AS metadata
  FROM reporting.fact_scenario_events e
 WHERE e.event_user IS NOT NULL AND e.scenario_id = ANY($1::uuid[]) AND e.event_timestamp >= coalesce($3::timestamp, '-infinity'::timestamp)
UNION ALL
-- the runs' events, before it
SELECT e.scenario_id, e.event_key AS action_key, e.event_user AS user_id, e.event_type AS action_type,
       e.event_timestamp AS action_at, e.run_id, e.node_id, e.request_id,
       e.event_description AS description, e.event_details AS metadata
  FROM reporting.fact_scenario_events e
 WHERE e.event_user IS NOT NULL AND $1::uuid[] IS NOT NULL AND e.run_id = ANY($2::uuid[])
   AND NOT coalesce(e.scenario_id = ANY($1::uuid[]) AND e.event_timestamp >= coalesce($3::timestamp, '-infinity'::timestamp), false)
UNION ALL
-- the scenarios' lifecycle steps, before it: probed by key (scenario × step)
SELECT e.scenario_id, e.event_key AS action_key, e.event_user AS user_id, e.event_type AS action_type,
       e.event_timestamp AS action_at, e.run_id, e.node_id, e.request_id,
       e.event_description AS description, e.event_details AS metadata
  FROM unnest($1::uuid[]) s
 CROSS JOIN unnest(ARRAY['SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED']) k
  JOIN reporting.fact_scenario_events e ON e.scenario_id = s AND e.event_key = k || ':' || s
 WHERE e.event_user IS NOT NULL AND NOT coalesce(e.event_timestamp >= coalesce($3::timestamp, '-infinity'::timestamp), false) AND NOT coalesce(e.run_id = ANY($2::uuid[]), false)
