-- name: etl.refresh_run_stats
-- $1 run ids (NULL = all runs). The design's derived columns of dim_run: duration_seconds =
-- run_complete_at − run_at in seconds (exact, NULL while open or when either is ±infinity), total_nodes / nodes_succeeded /
-- nodes_failed = the run's node calcs, all / status success / status failed.
UPDATE reporting.dim_run r
   SET duration_seconds = CASE WHEN isfinite(r.run_complete_at) AND isfinite(r.run_at)
                               THEN trim_scale(extract(epoch FROM r.run_complete_at - r.run_at)) END,
       total_nodes = coalesce(a.total, 0), nodes_succeeded = coalesce(a.succeeded, 0), nodes_failed = coalesce(a.failed, 0),
       etl_loaded_at = (now() AT TIME ZONE 'UTC')
  FROM (SELECT d.run_id, count(c.calc_id) AS total,
               count(c.calc_id) FILTER (WHERE c.calc_status = 'success') AS succeeded,
               count(c.calc_id) FILTER (WHERE c.calc_status = 'failed') AS failed
          FROM reporting.dim_run d
          LEFT JOIN reporting.fact_node_calculations c ON c.run_id = d.run_id
         WHERE $1::uuid[] IS NULL OR d.run_id = ANY($1::uuid[])
         GROUP BY d.run_id) a
 WHERE r.run_id = a.run_id
