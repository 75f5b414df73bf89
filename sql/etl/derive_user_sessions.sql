-- name: etl.derive_user_sessions
-- The sessions of fact_user_action: a user's actions in order (action_at, scenario_id,
-- action_key); a session starts with the user's first action and after 30 minutes without
-- one. session_id = '<user_id>/<session start, ISO UTC>', seconds_since_previous = the time
-- since the user's previous action (NULL for the first).
-- $1 users, $2 for each the earliest time this run changed among their actions (NULL: every
-- user from the start). Recomputed from the start of the session of the user's last action
-- before that time (actions before it are unchanged, and so are their sessions), reading one
-- action further back for the first gap. Only rows whose values change are written.
WITH touched AS (
    SELECT u.user_id, u.since FROM unnest($1::text[], $2::timestamp[]) AS u(user_id, since) WHERE $1::text[] IS NOT NULL
    UNION ALL
    SELECT DISTINCT a.user_id, NULL::timestamp FROM reporting.fact_user_action a WHERE $1::text[] IS NULL
), bounds AS (
    SELECT t.user_id, coalesce(b.session_started_at, '-infinity'::timestamp) AS update_from,
           coalesce(p.action_at, b.session_started_at, '-infinity'::timestamp) AS read_from
      FROM touched t
      LEFT JOIN LATERAL (
            SELECT a.session_started_at FROM reporting.fact_user_action a
             WHERE a.user_id = t.user_id AND a.action_at < t.since
             ORDER BY a.action_at DESC LIMIT 1) b ON true
      LEFT JOIN LATERAL (
            SELECT a.action_at FROM reporting.fact_user_action a
             WHERE a.user_id = t.user_id AND a.action_at < b.session_started_at
             ORDER BY a.action_at DESC LIMIT 1) p ON true
), ordered AS (
    SELECT a.scenario_id, a.action_key, a.user_id, a.action_at, b.update_from,
           lag(a.action_at) OVER w AS previous_at
      FROM bounds b
      JOIN reporting.fact_user_action a ON a.user_id = b.user_id AND a.action_at >= b.read_from
    WINDOW w AS (PARTITION BY a.user_id ORDER BY a.action_at, a.scenario_id, a.action_key)
), sessions AS (
    SELECT o.*,
           max(CASE WHEN o.previous_at IS NULL OR o.action_at > o.previous_at + interval '30 minutes' THEN o.action_at END)
               OVER (PARTITION BY o.user_id ORDER BY o.action_at, o.scenario_id, o.action_key ROWS UNBOUNDED PRECEDING) AS started_at
      FROM ordered o
)
UPDATE reporting.fact_user_action t
   SET session_started_at = s.started_at,
       session_id = s.user_id || '/' || to_char(s.started_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       seconds_since_previous = CASE WHEN isfinite(s.action_at) AND isfinite(s.previous_at) THEN trim_scale(extract(epoch FROM s.action_at - s.previous_at)) END,
       etl_loaded_at = (now() AT TIME ZONE 'UTC')
  FROM sessions s
 WHERE t.scenario_id = s.scenario_id AND t.action_key = s.action_key
   AND s.action_at >= s.update_from
   AND (t.session_started_at, t.seconds_since_previous)
       IS DISTINCT FROM (s.started_at, CASE WHEN isfinite(s.action_at) AND isfinite(s.previous_at) THEN trim_scale(extract(epoch FROM s.action_at - s.previous_at)) END)
