-- name: prod.snapshot
-- Every node of the run's model with the input version in force at run_at:
-- created_at <= run_at and (end_at IS NULL or end_at > run_at), newest first. $2: the run's scenario.
SELECT n.id AS node_id, n.node_display_name AS node_name, n.node_type, n.node_group_name AS node_group, n.node_seq,
       d.input_hash, d.input_data, d.created_at AS saved_at, d.created_by AS saved_by
  FROM fc_scenario_run r
  JOIN fc_scenario s ON s.id = r.scenario_id
  JOIN fc_model_node n ON n.model_id = s.model_id
  LEFT JOIN LATERAL (
        SELECT q.input_hash, q.input_data, q.created_at, q.created_by
          FROM fc_scenario_node_data q
         WHERE q.scenario_id = r.scenario_id AND q.model_node_id = n.id
           AND q.created_at <= r.run_at AND (q.end_at IS NULL OR q.end_at > r.run_at)
         ORDER BY q.created_at DESC, q.id DESC
         LIMIT 1) d ON true
 WHERE r.id = $1 AND r.scenario_id = $2
 ORDER BY n.node_seq NULLS LAST, n.node_display_name, n.id
