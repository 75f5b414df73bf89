-- name: etl.derive_user_sessions
-- The sessions of fact_user_action: a user's actions in order (action_at, scenario_id,
-- action_key); a session starts with the user's first action and after 30 minutes without
-- one. session_id = '<user_id>/<session start, ISO UTC>', seconds_since_previous = the time
-- since the user's previous action (NULL for the first).
-- $1 users, $2 for each the earliest time this run changed among their actions (NULL: every
-- user from the start). Recomputed from the start of the session of the user's last action
-- before that time (actions before it are unchanged, and so are their sessions), reading one
-- action further back for the first gap. Only rows whose values change are written (returned:
-- the audit trail keeps their rows, whatever their scenario). Each step
-- reads the touched users' recent actions through (user_id, action_at) (the lateral read is
-- kept apart with OFFSET 0: joined as a set, the planner scans the whole table), and the rows
-- to write are found again by their ctid (a TID scan), so the cost is the users' recent
-- actions, not the table (issue 26: 134,000 buffers at 4S before, 579 after).
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
    SELECT a.ctid AS row_ctid, a.scenario_id, a.action_key, a.user_id, a.action_at, b.update_from,
           a.session_started_at AS was_started_at, a.seconds_since_previous AS was_seconds,
           lag(a.action_at) OVER w AS previous_at
      FROM bounds b
     CROSS JOIN LATERAL (
            -- Per user, through (user_id, action_at): the recent actions only.
            SELECT a.ctid, a.* FROM reporting.fact_user_action a
             WHERE a.user_id = b.user_id AND a.action_at >= b.read_from
            OFFSET 0) a
    WINDOW w AS (PARTITION BY a.user_id ORDER BY a.action_at, a.scenario_id, a.action_key)
), sessions AS (
    SELECT o.*,
           max(CASE WHEN o.previous_at IS NULL OR o.action_at > o.previous_at + interval '30 minutes' THEN o.action_at END)
               OVER (PARTITION BY o.user_id ORDER BY o.action_at, o.scenario_id, o.action_key ROWS UNBOUNDED PRECEDING) AS started_at
      FROM ordered o
), changed AS (
    -- Only the rows whose values change (their row found again by its ctid: a TID scan, not a join over the table).
    SELECT x.row_ctid, x.user_id, x.started_at, x.seconds
      FROM (SELECT s.*, CASE WHEN isfinite(s.action_at) AND isfinite(s.previous_at) THEN trim_scale(extract(epoch FROM s.action_at - s.previous_at)) END AS seconds
              FROM sessions s WHERE s.action_at >= s.update_from) x
     WHERE (x.was_started_at, x.was_seconds) IS DISTINCT FROM (x.started_at, x.seconds)
)
UPDATE reporting.fact_user_action t
   SET session_started_at = s.started_at,
       session_id = s.user_id || '/' || to_char(s.started_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       seconds_since_previous = s.seconds,
       etl_loaded_at = (now() AT TIME ZONE 'UTC')
  FROM changed s
 WHERE t.ctid = ANY(ARRAY(SELECT c.row_ctid FROM changed c)) AND t.ctid = s.row_ctid
RETURNING t.scenario_id, t.action_key
