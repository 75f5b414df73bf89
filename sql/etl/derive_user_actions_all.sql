-- name: etl.derive_user_actions_all
-- fact_user_action of every event with a user, sessions included (a first load, a rebuild, the
-- upgrade's backfill): derive_user_actions.sql's columns and derive_user_sessions.sql's rule in
-- one pass, so no row is written twice.
WITH ordered AS (
    SELECT e.scenario_id, e.event_key AS action_key, e.event_user AS user_id, e.event_type AS action_type,
           e.event_timestamp AS action_at, e.run_id, e.node_id, e.request_id,
           e.event_description AS description, e.event_details AS metadata,
           lag(e.event_timestamp) OVER w AS previous_at
      FROM reporting.fact_scenario_events e
     WHERE e.event_user IS NOT NULL
    WINDOW w AS (PARTITION BY e.event_user ORDER BY e.event_timestamp, e.scenario_id, e.event_key)
), sessions AS (
    SELECT o.*,
           max(CASE WHEN o.previous_at IS NULL OR o.action_at > o.previous_at + interval '30 minutes' THEN o.action_at END)
               OVER (PARTITION BY o.user_id ORDER BY o.action_at, o.scenario_id, o.action_key ROWS UNBOUNDED PRECEDING) AS session_started_at
      FROM ordered o
)
SELECT scenario_id, action_key, user_id, action_type, action_at, run_id, node_id, request_id, description, metadata,
       user_id || '/' || to_char(session_started_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS session_id, session_started_at,
       CASE WHEN isfinite(action_at) AND isfinite(previous_at) THEN trim_scale(extract(epoch FROM action_at - previous_at)) END AS seconds_since_previous
  FROM sessions
