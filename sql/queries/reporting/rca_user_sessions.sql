-- name: reporting.rca_user_sessions
-- A user's sessions within the window ($1 user, $2 since, $3 until, inclusive), oldest first:
-- each from its first to its last action in the window (sessions as stored: 30 minutes
-- without an action ends one; an action stored without a session is its own). Every row also
-- carries the window's velocity: actions, active days (UTC), scenarios touched and the five
-- most common action types (no row: no action). One scan of the user's actions; distinct
-- values by hashing (SELECT DISTINCT) rather than sorting every action.
WITH a AS MATERIALIZED (
    SELECT coalesce(x.session_id, x.user_id || '/' || x.scenario_id || ':' || x.action_key) AS session_id,
           x.action_at, x.scenario_id, x.action_type
      FROM reporting.fact_user_action x
     WHERE x.user_id = $1 AND x.action_at >= $2 AND x.action_at <= $3
), pairs AS MATERIALIZED (
    SELECT DISTINCT a.session_id, a.scenario_id FROM a
), v AS (
    SELECT (SELECT count(*) FROM a) AS total_actions,
           (SELECT count(*) FROM (SELECT DISTINCT a.action_at::date FROM a) d) AS active_days,
           (SELECT count(*) FROM (SELECT DISTINCT p.scenario_id FROM pairs p) t) AS scenarios_touched,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('action_type', t.action_type, 'count', t.n) ORDER BY t.n DESC, t.action_type), '[]'::jsonb)
              FROM (SELECT a.action_type, count(*) AS n FROM a GROUP BY a.action_type ORDER BY n DESC, a.action_type LIMIT 5) t) AS most_common_actions
)
SELECT s.session_id, s.started_at, s.ended_at, extract(epoch FROM s.ended_at - s.started_at)::float8 AS duration_seconds,
       s.actions, sc.scenarios, v.total_actions, v.active_days, v.scenarios_touched, v.most_common_actions
  FROM (SELECT a.session_id, min(a.action_at) AS started_at, max(a.action_at) AS ended_at, count(*) AS actions
          FROM a GROUP BY a.session_id) s
  JOIN (SELECT p.session_id, array_agg(p.scenario_id ORDER BY p.scenario_id) AS scenarios
          FROM pairs p GROUP BY p.session_id) sc ON sc.session_id = s.session_id
 CROSS JOIN v
 ORDER BY s.started_at, s.session_id
