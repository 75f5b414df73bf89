-- name: reporting.rca_user_velocity
-- A user's velocity in the window: actions, active days (UTC), scenarios touched, and the five
-- most common action types.
SELECT count(*) AS actions,
       count(DISTINCT a.action_at::date) AS active_days,
       count(DISTINCT a.scenario_id) AS scenarios_touched,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('action_type', t.action_type, 'count', t.n) ORDER BY t.n DESC, t.action_type), '[]'::jsonb)
          FROM (SELECT b.action_type, count(*) AS n
                  FROM reporting.fact_user_action b
                 WHERE b.user_id = $1 AND b.action_at >= $2 AND b.action_at <= $3
                 GROUP BY b.action_type
                 ORDER BY n DESC, b.action_type
                 LIMIT 5) t) AS most_common_actions
  FROM reporting.fact_user_action a
 WHERE a.user_id = $1 AND a.action_at >= $2 AND a.action_at <= $3
