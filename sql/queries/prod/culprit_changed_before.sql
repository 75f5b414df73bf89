-- name: prod.culprit_changed_before
-- For each run of $1 (uuid[]): whether its scenario had a successful run before it (the
-- baseline), and the input nodes whose version in force at the run differs from the one in
-- force at that baseline (one row per node; node_id NULL when none changed or no baseline),
-- and the nodes whose calc failed in the run (computed once per run).
WITH runs AS (
  SELECT r.id AS run_id, r.scenario_id, r.run_at,
         (SELECT o.run_at FROM fc_scenario_run o
           WHERE o.scenario_id = r.scenario_id AND o.run_status = 'success' AND o.run_at < r.run_at
           ORDER BY o.run_at DESC LIMIT 1) AS ok_at,
         ARRAY(SELECT f.model_node_id FROM fc_scenario_node_calc f
                WHERE f.run_id = r.id AND f.status = 'failed' ORDER BY f.model_node_id) AS failed_node_ids
    FROM fc_scenario_run r
   WHERE r.id = ANY($1::uuid[])
), latest AS (
  SELECT DISTINCT ON (x.run_id, d.model_node_id) x.run_id, x.scenario_id, x.ok_at, d.model_node_id AS node_id, d.input_hash
    FROM runs x
    JOIN fc_scenario_node_data d ON d.scenario_id = x.scenario_id AND d.created_at > x.ok_at AND d.created_at <= x.run_at
   ORDER BY x.run_id, d.model_node_id, d.created_at DESC, d.id DESC
), changed AS (
  SELECT l.run_id, l.node_id
    FROM latest l
   WHERE l.input_hash IS DISTINCT FROM (
         SELECT p.input_hash FROM fc_scenario_node_data p
          WHERE p.scenario_id = l.scenario_id AND p.model_node_id = l.node_id AND p.created_at <= l.ok_at
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1)
)
SELECT x.run_id, x.scenario_id, x.ok_at IS NOT NULL AS has_baseline, c.node_id, x.failed_node_ids
  FROM runs x
  LEFT JOIN changed c ON c.run_id = x.run_id
 ORDER BY x.run_id, c.node_id
