-- name: reporting.calcs
-- The calcs of run $1 of scenario $2 (the scenario leads the fact's key: one shard of a
-- distributed engine, as every per-scenario query). A run's calcs all carry the run's start
-- (run_at): in the partitioned layout, one month.
SELECT c.calc_id, c.run_id, c.node_id, n.node_name, n.node_type,
       c.calc_status AS status, c.fail_reason, c.processing_start_at, c.processing_end_at,
       c.processing_duration_sec AS processing_duration
  FROM reporting.fact_node_calculations c
  JOIN reporting.dim_node n ON n.node_id = c.node_id
 WHERE c.scenario_id = $2 AND c.run_id = $1
   AND c.run_at = (SELECT r.run_at FROM reporting.dim_run r WHERE r.run_id = $1)
 ORDER BY n.node_seq NULLS LAST, n.node_name, c.calc_id
