-- name: retention.aggregate_calcs
-- Node calcs of runs started before the cutoff $1, added to reporting.agg_daily_calcs by the
-- run's UTC day, node and status when $2 (false: only counted). n: the calcs it covers.
WITH grouped AS (
    SELECT c.run_at::date AS day, c.node_id, n.model_id, n.node_type, c.calc_status,
           count(*) AS calcs,
           coalesce(sum(c.processing_duration_sec), 0) AS dur_sum,
           count(c.processing_duration_sec) AS dur_count,
           max(c.processing_duration_sec) AS dur_max
      FROM reporting.fact_node_calculations c
      LEFT JOIN reporting.dim_node n ON n.node_id = c.node_id
     WHERE c.run_at < $1::timestamp
     GROUP BY 1, 2, 3, 4, 5
), added AS (
    INSERT INTO reporting.agg_daily_calcs AS a
           (day, node_id, model_id, node_type, calc_status, calcs, processing_duration_sec_sum, processing_duration_count, processing_duration_sec_max)
    SELECT day, node_id, model_id, node_type, calc_status, calcs, dur_sum, dur_count, dur_max FROM grouped WHERE $2::boolean
    ON CONFLICT (day, node_id, calc_status) DO UPDATE
       SET calcs = a.calcs + EXCLUDED.calcs,
           processing_duration_sec_sum = a.processing_duration_sec_sum + EXCLUDED.processing_duration_sec_sum,
           processing_duration_count = a.processing_duration_count + EXCLUDED.processing_duration_count,
           processing_duration_sec_max = greatest(a.processing_duration_sec_max, EXCLUDED.processing_duration_sec_max),
           etl_loaded_at = (now() AT TIME ZONE 'UTC')
    RETURNING 1
)
SELECT coalesce(sum(calcs), 0)::bigint AS n FROM grouped
