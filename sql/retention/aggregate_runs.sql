-- name: retention.aggregate_runs
-- reporting.agg_daily_runs recomputed from reporting.archive_dim_run for the UTC days of the
-- runs started before the cutoff $1 (read before they are deleted; archived just before):
-- a day's figures replaced whole, so archiving a run twice never counts it twice. n: the
-- archived runs those days hold.
WITH days AS (
    SELECT DISTINCT r.run_at::date AS day FROM reporting.dim_run r WHERE r.run_at < $1::timestamp
), grouped AS (
    SELECT a.run_at::date AS day, a.scenario_id, s.model_id, a.run_status, a.error_category,
           count(*) AS runs,
           coalesce(sum(a.duration_seconds), 0) AS dur_sum,
           count(a.duration_seconds) AS dur_count,
           coalesce(sum(a.nodes_failed), 0) AS failed_nodes
      FROM reporting.archive_dim_run a
      LEFT JOIN reporting.dim_scenario s ON s.scenario_id = a.scenario_id
     WHERE a.run_at::date IN (SELECT day FROM days)
     GROUP BY 1, 2, 3, 4, 5
), added AS (
    INSERT INTO reporting.agg_daily_runs AS g
           (day, scenario_id, model_id, run_status, error_category, runs, duration_seconds_sum, duration_count, failed_nodes)
    SELECT day, scenario_id, model_id, run_status, error_category, runs, dur_sum, dur_count, failed_nodes FROM grouped
    ON CONFLICT (day, scenario_id, run_status, error_category) DO UPDATE
       SET model_id = EXCLUDED.model_id, runs = EXCLUDED.runs, duration_seconds_sum = EXCLUDED.duration_seconds_sum,
           duration_count = EXCLUDED.duration_count, failed_nodes = EXCLUDED.failed_nodes,
           etl_loaded_at = (now() AT TIME ZONE 'UTC')
     WHERE (g.model_id, g.runs, g.duration_seconds_sum, g.duration_count, g.failed_nodes)
           IS DISTINCT FROM (EXCLUDED.model_id, EXCLUDED.runs, EXCLUDED.duration_seconds_sum, EXCLUDED.duration_count, EXCLUDED.failed_nodes)
    RETURNING 1
)
SELECT coalesce(sum(runs), 0)::bigint AS n FROM grouped
