-- name: reporting.rca_user_sessions
-- A user's sessions (as stored: 30 minutes without an action ends one) within the window,
-- each from its first to its last action in the window, oldest first.
SELECT coalesce(a.session_id, a.user_id || '/' || a.scenario_id || ':' || a.action_key) AS session_id,
       min(a.action_at) AS started_at, max(a.action_at) AS ended_at,
       extract(epoch FROM max(a.action_at) - min(a.action_at))::float8 AS duration_seconds,
       count(*) AS actions,
       array_agg(DISTINCT a.scenario_id ORDER BY a.scenario_id) AS scenarios
  FROM reporting.fact_user_action a
 WHERE a.user_id = $1 AND a.action_at >= $2 AND a.action_at <= $3
 GROUP BY 1
 ORDER BY min(a.action_at), 1
