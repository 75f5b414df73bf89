-- name: etl.refresh_run_stats
-- $1 run ids (NULL = all runs).
UPDATE reporting.dim_run r
   SET nodes_total = coalesce(a.total, 0), nodes_failed = coalesce(a.failed, 0)
  FROM (SELECT d.run_id, count(c.calc_id) AS total, count(c.calc_id) FILTER (WHERE c.status = 'failed') AS failed
          FROM reporting.dim_run d
          LEFT JOIN reporting.fact_node_calculations c ON c.run_id = d.run_id
         WHERE $1::uuid[] IS NULL OR d.run_id = ANY($1::uuid[])
         GROUP BY d.run_id) a
 WHERE r.run_id = a.run_id
