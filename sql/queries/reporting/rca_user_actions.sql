-- name: reporting.rca_user_actions
-- A user's actions in the window, the latest $4 of them (newest first; the engine reverses).
-- An action stored without a session is its own session.
SELECT a.action_at, a.action_type, a.scenario_id, s.scenario_name, a.run_id, a.node_id,
       coalesce(a.description, a.action_type) AS description,
       coalesce(a.session_id, a.user_id || '/' || a.scenario_id || ':' || a.action_key) AS session_id
  FROM reporting.fact_user_action a
  LEFT JOIN reporting.dim_scenario s ON s.scenario_id = a.scenario_id
 WHERE a.user_id = $1 AND a.action_at >= $2 AND a.action_at <= $3
 ORDER BY a.action_at DESC, a.scenario_id DESC, a.action_key DESC
 LIMIT $4
