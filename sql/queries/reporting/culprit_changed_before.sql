-- name: reporting.culprit_changed_before
-- For each run of $1 (uuid[]): whether its scenario had a successful run before it (the
-- baseline), and the input nodes whose version in force at the run differs from the one in
-- force at that baseline (one row per node; node_id NULL when none changed or no baseline),
-- and the nodes whose calc failed in the run (computed once per run).
WITH runs AS (
  SELECT r.run_id, r.scenario_id, r.run_at,
         (SELECT o.run_at FROM reporting.dim_run o
           WHERE o.scenario_id = r.scenario_id AND o.run_status = 'success' AND o.run_at < r.run_at
           ORDER BY o.run_at DESC LIMIT 1) AS ok_at,
         -- Once per run, through (run_id, node_id): the status is an aggregate filter, not an
         -- index condition, so the planner never ANDs in the low-selectivity status index.
         (SELECT coalesce(array_agg(f.node_id ORDER BY f.node_id) FILTER (WHERE f.calc_status = 'failed'), '{}')
            FROM reporting.fact_node_calculations f
           WHERE f.run_id = r.run_id) AS failed_node_ids
    FROM reporting.dim_run r
   WHERE r.run_id = ANY($1::uuid[])
), latest AS (
  SELECT DISTINCT ON (x.run_id, d.node_id) x.run_id, x.scenario_id, x.ok_at, d.node_id, d.current_hash AS input_hash
    FROM runs x
    JOIN reporting.fact_input_changes d ON d.scenario_id = x.scenario_id AND d.changed_at > x.ok_at AND d.changed_at <= x.run_at
   ORDER BY x.run_id, d.node_id, d.changed_at DESC, d.node_data_id DESC
), changed AS (
  SELECT l.run_id, l.node_id
    FROM latest l
   WHERE l.input_hash IS DISTINCT FROM (
         SELECT p.current_hash FROM reporting.fact_input_changes p
          WHERE p.scenario_id = l.scenario_id AND p.node_id = l.node_id AND p.changed_at <= l.ok_at
          ORDER BY p.changed_at DESC, p.node_data_id DESC LIMIT 1)
)
SELECT x.run_id, x.scenario_id, x.ok_at IS NOT NULL AS has_baseline, c.node_id, x.failed_node_ids
  FROM runs x
  LEFT JOIN changed c ON c.run_id = x.run_id
 ORDER BY x.run_id, c.node_id
