-- name: etl.derive_user_actions
-- fact_user_action from fact_scenario_events: every event with a user (scenario lifecycle,
-- input changes, runs started and ended, failed node calcs of a user's run), the columns of
-- the table spec (src/etl/derived.ts) but the session ones (derive_user_sessions.sql).
-- Scope ($1 NULL: every event): the events this run may have written or removed, each branch
-- on an index: of scenarios $1 since $3 (the window's start; NULL: all of them), of runs $2,
-- and the lifecycle events of scenarios $1 (their time may lie before the window).
SELECT e.scenario_id, e.event_key AS action_key, e.event_user AS user_id, e.event_type AS action_type,
       e.event_timestamp AS action_at, e.run_id, e.node_id, e.request_id,
       e.event_description AS description, e.event_details AS metadata
  FROM reporting.fact_scenario_events e
 WHERE e.event_user IS NOT NULL
   AND ($1::uuid[] IS NULL
        OR (e.scenario_id = ANY($1::uuid[]) AND e.event_timestamp >= coalesce($3::timestamp, '-infinity'::timestamp))
        OR e.run_id = ANY($2::uuid[])
        OR (e.scenario_id = ANY($1::uuid[])
            AND e.event_key = ANY(ARRAY(SELECT t || ':' || s FROM unnest($1::uuid[]) s,
                                         unnest(ARRAY['SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED']) t))))
