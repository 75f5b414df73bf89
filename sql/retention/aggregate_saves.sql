-- name: retention.aggregate_saves
-- Input saves superseded before the cutoff $1 (what retention.delete_saves removes), added to
-- reporting.agg_daily_activity (fact_input_changes, change_type) by the UTC day they were made
-- when $2 (false: only counted).
WITH grouped AS (
    SELECT f.changed_at::date AS day, f.change_type AS kind, count(*) AS n
      FROM reporting.fact_input_changes f
     WHERE f.end_at < $1::timestamp
     GROUP BY 1, 2
), added AS (
    INSERT INTO reporting.agg_daily_activity AS a (day, fact, kind, rows)
    SELECT day, 'fact_input_changes', kind, n FROM grouped WHERE $2::boolean
    ON CONFLICT (day, fact, kind) DO UPDATE
       SET rows = a.rows + EXCLUDED.rows, etl_loaded_at = (now() AT TIME ZONE 'UTC')
    RETURNING 1
)
SELECT coalesce(sum(n), 0)::bigint AS n FROM grouped
