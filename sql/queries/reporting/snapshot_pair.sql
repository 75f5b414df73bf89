-- name: reporting.snapshot_pair
-- The snapshots of two runs of one scenario in one pass: every node of the model once, with
-- run $1's input version in force and run $3's. Where both runs read the same save (the same
-- node_data_id: the same value, exactly) the b_ columns are NULL and b_same is true, so a
-- value both runs used crosses the wire and is parsed once. The version in force is the one
-- reporting.snapshot finds (same bounds, same order). $2 is the runs' scenario: every table
-- is reached by it (one shard of a distributed engine). Its probes are reporting.snapshot's
-- (the row comparison: see there).
SELECT n.node_id, n.node_name, n.node_type, n.node_group_name AS node_group, n.node_seq,
       da.current_hash AS input_hash, da.input_data, da.changed_at AS saved_at, da.changed_by AS saved_by,
       da.changed_paths,
       db.node_data_id IS NOT DISTINCT FROM da.node_data_id AS b_same,
       CASE WHEN db.node_data_id IS DISTINCT FROM da.node_data_id THEN db.current_hash END AS b_input_hash,
       CASE WHEN db.node_data_id IS DISTINCT FROM da.node_data_id THEN db.input_data END AS b_input_data,
       CASE WHEN db.node_data_id IS DISTINCT FROM da.node_data_id THEN db.changed_at END AS b_saved_at,
       CASE WHEN db.node_data_id IS DISTINCT FROM da.node_data_id THEN db.changed_by END AS b_saved_by,
       CASE WHEN db.node_data_id IS DISTINCT FROM da.node_data_id THEN db.changed_paths END AS b_changed_paths
  FROM reporting.dim_run ra
  JOIN reporting.dim_run rb ON rb.run_id = $3 AND rb.scenario_id = $2
  JOIN reporting.dim_scenario s ON s.scenario_id = $2
  JOIN reporting.dim_node n ON n.model_id = s.model_id
  LEFT JOIN LATERAL (
        SELECT q.node_data_id, q.current_hash, q.input_data, q.changed_at, q.changed_by, q.changed_paths
          FROM reporting.fact_input_changes q
         WHERE q.scenario_id = $2 AND q.node_id = n.node_id
           AND (q.scenario_id, q.node_id, q.changed_at) <= ($2, n.node_id, ra.run_at) AND q.changed_at >= s.first_event_at
           AND (q.end_at IS NULL OR q.end_at > ra.run_at)
         ORDER BY q.changed_at DESC, q.node_data_id DESC
         LIMIT 1) da ON true
  LEFT JOIN LATERAL (
        SELECT q.node_data_id, q.current_hash, q.input_data, q.changed_at, q.changed_by, q.changed_paths
          FROM reporting.fact_input_changes q
         WHERE q.scenario_id = $2 AND q.node_id = n.node_id
           AND (q.scenario_id, q.node_id, q.changed_at) <= ($2, n.node_id, rb.run_at) AND q.changed_at >= s.first_event_at
           AND (q.end_at IS NULL OR q.end_at > rb.run_at)
         ORDER BY q.changed_at DESC, q.node_data_id DESC
         LIMIT 1) db ON true
 WHERE ra.run_id = $1 AND ra.scenario_id = $2
 ORDER BY n.node_seq NULLS LAST, n.node_name, n.node_id
