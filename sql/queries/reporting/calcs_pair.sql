-- name: reporting.calcs_pair
-- The calcs of runs $1 and $3 of scenario $2 for their diff (in_b: run $3's), with only the
-- columns a diff reads: run $1's first, each run's in reporting.calcs' order. Each run's
-- start bounds its calcs (one month each in the partitioned layout).
SELECT c.run_id = $3 AS in_b, c.calc_id, c.node_id, n.node_name, c.calc_status AS status, c.fail_reason,
       c.processing_start_at, c.processing_duration_sec AS processing_duration
  FROM reporting.fact_node_calculations c
  JOIN reporting.dim_node n ON n.node_id = c.node_id
 WHERE c.scenario_id = $2 AND c.run_id IN ($1, $3)
   AND c.run_at IN ((SELECT r.run_at FROM reporting.dim_run r WHERE r.run_id = $1),
                    (SELECT r.run_at FROM reporting.dim_run r WHERE r.run_id = $3))
 ORDER BY in_b, n.node_seq NULLS LAST, n.node_name, c.calc_id
