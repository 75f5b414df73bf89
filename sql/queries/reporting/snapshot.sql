-- name: reporting.snapshot
-- Every save of the scenario lies at or after its first event (its first saves are events),
-- so that bound changes no answer; with the partitioned layout it and run_at keep the
-- versions to the months in between. changed_paths is not NULL where the copy withholds input
-- values (etl --no-input-values): input_data is NULL there although a value was in force.
-- $2 is the run's scenario: every table is reached by it (the fact's key leads with it), so a
-- distributed engine sends the whole query to the one shard holding the scenario.
-- The version in force is read through (scenario_id, node_id, changed_at), positioned by the row
-- comparison (scenario, node, run_at): with "changed_at <= run_at AND changed_at >= first_event_at"
-- both bounds of a probe are unknown when PostgreSQL plans it, it estimates the range at 0.5 %
-- of a node's saves and took (node_id, changed_at), reading that node's saves in every scenario
-- of the model (12,600 buffers for a 50-node snapshot at S; 426 now). A row comparison only an
-- index leading with (scenario_id, node_id) can use leaves it the one choice; the plain
-- first_event_at bound stays for partition pruning.
SELECT n.node_id, n.node_name, n.node_type, n.node_group_name AS node_group, n.node_seq,
       d.current_hash AS input_hash, d.input_data, d.changed_at AS saved_at, d.changed_by AS saved_by,
       d.changed_paths
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
  JOIN reporting.dim_node n ON n.model_id = s.model_id
  LEFT JOIN LATERAL (
        SELECT q.current_hash, q.input_data, q.changed_at, q.changed_by, q.changed_paths
          FROM reporting.fact_input_changes q
         WHERE q.scenario_id = $2 AND q.node_id = n.node_id
           AND (q.scenario_id, q.node_id, q.changed_at) <= ($2, n.node_id, r.run_at) AND q.changed_at >= s.first_event_at
           AND (q.end_at IS NULL OR q.end_at > r.run_at)
         ORDER BY q.changed_at DESC, q.node_data_id DESC
         LIMIT 1) d ON true
 WHERE r.run_id = $1 AND r.scenario_id = $2 AND s.scenario_id = $2
 ORDER BY n.node_seq NULLS LAST, n.node_name, n.node_id
