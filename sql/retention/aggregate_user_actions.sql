-- name: retention.aggregate_user_actions
-- User actions older than the cutoff $1, or of a run started before it, added to
-- reporting.agg_daily_activity (fact_user_action, action_type) when $2 (false: only counted).
WITH grouped AS (
    SELECT u.action_at::date AS day, u.action_type AS kind, count(*) AS n
      FROM reporting.fact_user_action u
     WHERE u.action_at < $1::timestamp
        OR u.run_id IN (SELECT r.run_id FROM reporting.dim_run r WHERE r.run_at < $1::timestamp)
     GROUP BY 1, 2
), added AS (
    INSERT INTO reporting.agg_daily_activity AS a (day, fact, kind, rows)
    SELECT day, 'fact_user_action', kind, n FROM grouped WHERE $2::boolean
    ON CONFLICT (day, fact, kind) DO UPDATE
       SET rows = a.rows + EXCLUDED.rows, etl_loaded_at = (now() AT TIME ZONE 'UTC')
    RETURNING 1
)
SELECT coalesce(sum(n), 0)::bigint AS n FROM grouped
