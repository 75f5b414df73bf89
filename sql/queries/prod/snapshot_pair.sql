-- name: prod.snapshot_pair
-- The snapshots of runs $1 and $3 of scenario $2 in one pass: every node of the model once,
-- with each run's input version in force (as prod.snapshot finds it). Where both runs read
-- the same save (the same fc_scenario_node_data row: the same value, exactly) the b_ columns
-- are NULL and b_same is true, so a value both runs used is sent and parsed once.
SELECT n.id AS node_id, n.node_display_name AS node_name, n.node_type, n.node_group_name AS node_group, n.node_seq,
       da.input_hash, da.input_data, da.created_at AS saved_at, da.created_by AS saved_by,
       db.id IS NOT DISTINCT FROM da.id AS b_same,
       CASE WHEN db.id IS DISTINCT FROM da.id THEN db.input_hash END AS b_input_hash,
       CASE WHEN db.id IS DISTINCT FROM da.id THEN db.input_data END AS b_input_data,
       CASE WHEN db.id IS DISTINCT FROM da.id THEN db.created_at END AS b_saved_at,
       CASE WHEN db.id IS DISTINCT FROM da.id THEN db.created_by END AS b_saved_by
  FROM fc_scenario_run ra
  JOIN fc_scenario_run rb ON rb.id = $3 AND rb.scenario_id = $2
  JOIN fc_scenario s ON s.id = $2
  JOIN fc_model_node n ON n.model_id = s.model_id
  LEFT JOIN LATERAL (
        SELECT q.id, q.input_hash, q.input_data, q.created_at, q.created_by
          FROM fc_scenario_node_data q
         WHERE q.scenario_id = $2 AND q.model_node_id = n.id
           AND q.created_at <= ra.run_at AND (q.end_at IS NULL OR q.end_at > ra.run_at)
         ORDER BY q.created_at DESC, q.id DESC
         LIMIT 1) da ON true
  LEFT JOIN LATERAL (
        SELECT q.id, q.input_hash, q.input_data, q.created_at, q.created_by
          FROM fc_scenario_node_data q
         WHERE q.scenario_id = $2 AND q.model_node_id = n.id
           AND q.created_at <= rb.run_at AND (q.end_at IS NULL OR q.end_at > rb.run_at)
         ORDER BY q.created_at DESC, q.id DESC
         LIMIT 1) db ON true
 WHERE ra.id = $1 AND ra.scenario_id = $2
 ORDER BY n.node_seq NULLS LAST, n.node_display_name, n.id
