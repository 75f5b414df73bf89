-- name: etl.refresh_run_stats
-- $1 run ids (NULL = all runs), $2 their scenarios (the calcs are found by scenario and run:
-- one shard each on a distributed engine). The design's derived columns of dim_run:
-- duration_seconds = run_complete_at − run_at in seconds (exact, NULL while open or when either
-- is ±infinity), total_nodes / nodes_succeeded / nodes_failed = the run's node calcs, all /
-- status success / status failed.
-- The aggregate is read first (one fact, grouped), then joined to the runs, never a dimension
-- on the outer side of a join with a fact (Citus runs both parts as they are): its cost is the
-- given runs' calcs, not the history's.
WITH calcs AS MATERIALIZED (
    SELECT c.run_id, count(*) AS total,
           count(*) FILTER (WHERE c.calc_status = 'success') AS succeeded,
           count(*) FILTER (WHERE c.calc_status = 'failed') AS failed
      FROM reporting.fact_node_calculations c
     WHERE $1::uuid[] IS NULL OR (c.run_id = ANY($1::uuid[]) AND c.scenario_id = ANY($2::uuid[]))
     GROUP BY c.run_id),
runs AS MATERIALIZED (
    SELECT d.run_id FROM reporting.dim_run d WHERE $1::uuid[] IS NULL OR d.run_id = ANY($1::uuid[]))
UPDATE reporting.dim_run r
   SET duration_seconds = CASE WHEN isfinite(r.run_complete_at) AND isfinite(r.run_at)
                               THEN trim_scale(extract(epoch FROM r.run_complete_at - r.run_at)) END,
       total_nodes = n.total, nodes_succeeded = n.succeeded, nodes_failed = n.failed,
       etl_loaded_at = (now() AT TIME ZONE 'UTC')
  FROM (SELECT x.run_id, coalesce(a.total, 0) AS total, coalesce(a.succeeded, 0) AS succeeded, coalesce(a.failed, 0) AS failed
          FROM runs x LEFT JOIN calcs a ON a.run_id = x.run_id) n
 WHERE r.run_id = n.run_id
   -- A run whose figures are already right is not rewritten (an incremental reads its overlap again).
   AND (r.duration_seconds, r.total_nodes, r.nodes_succeeded, r.nodes_failed)
       IS DISTINCT FROM (CASE WHEN isfinite(r.run_complete_at) AND isfinite(r.run_at)
                              THEN trim_scale(extract(epoch FROM r.run_complete_at - r.run_at)) END, n.total, n.succeeded, n.failed)
