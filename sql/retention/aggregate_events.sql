-- name: retention.aggregate_events
-- Timeline events older than the cutoff $1, or of a run started before it, added to
-- reporting.agg_daily_activity (fact_scenario_events, event_type) when $2 (false: only counted).
WITH grouped AS (
    SELECT e.event_timestamp::date AS day, e.event_type AS kind, count(*) AS n
      FROM reporting.fact_scenario_events e
     WHERE e.event_timestamp < $1::timestamp
        OR e.run_id IN (SELECT r.run_id FROM reporting.dim_run r WHERE r.run_at < $1::timestamp)
     GROUP BY 1, 2
), added AS (
    INSERT INTO reporting.agg_daily_activity AS a (day, fact, kind, rows)
    SELECT day, 'fact_scenario_events', kind, n FROM grouped WHERE $2::boolean
    ON CONFLICT (day, fact, kind) DO UPDATE
       SET rows = a.rows + EXCLUDED.rows, etl_loaded_at = (now() AT TIME ZONE 'UTC')
    RETURNING 1
)
SELECT coalesce(sum(n), 0)::bigint AS n FROM grouped
