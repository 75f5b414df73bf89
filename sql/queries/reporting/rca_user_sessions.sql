-- name: reporting.rca_user_sessions
-- A user's sessions within the window ($1 user, $2 since, $3 until, inclusive), oldest first:
-- each from its first to its last action in the window (sessions as stored: 30 minutes
-- without an action ends one; an action stored without a session is its own). Every row also
-- carries the window's velocity: actions, active days (UTC), scenarios touched and the five
-- most common action types (no row: no action). One scan of the user's actions, hashed once
-- into (session, scenario, day, action type) groups; the rest works on those groups.
WITH g AS MATERIALIZED (
    SELECT coalesce(x.session_id, x.user_id || '/' || x.scenario_id || ':' || x.action_key) AS session_id,
           x.scenario_id, x.action_at::date AS day, x.action_type,
           count(*) AS n, min(x.action_at) AS first_at, max(x.action_at) AS last_at
      FROM reporting.fact_user_action x
     WHERE x.user_id = $1 AND x.action_at >= $2 AND x.action_at <= $3
     GROUP BY 1, 2, 3, 4
), v AS (
    SELECT (SELECT sum(g.n) FROM g) AS total_actions,
           (SELECT count(DISTINCT g.day) FROM g) AS active_days,
           (SELECT count(DISTINCT g.scenario_id) FROM g) AS scenarios_touched,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('action_type', t.action_type, 'count', t.n) ORDER BY t.n DESC, t.action_type), '[]'::jsonb)
              FROM (SELECT g.action_type, sum(g.n) AS n FROM g GROUP BY g.action_type ORDER BY n DESC, g.action_type LIMIT 5) t) AS most_common_actions
)
SELECT s.session_id, s.started_at, s.ended_at, coalesce(CASE WHEN isfinite(s.ended_at) AND isfinite(s.started_at) THEN extract(epoch FROM s.ended_at - s.started_at) END, 0)::float8 AS duration_seconds,
       s.actions, s.scenarios, v.total_actions, v.active_days, v.scenarios_touched, v.most_common_actions
  FROM (SELECT g.session_id, min(g.first_at) AS started_at, max(g.last_at) AS ended_at, sum(g.n) AS actions,
               array_agg(DISTINCT g.scenario_id ORDER BY g.scenario_id) AS scenarios
          FROM g GROUP BY g.session_id) s
 CROSS JOIN v
 ORDER BY s.started_at, s.session_id
