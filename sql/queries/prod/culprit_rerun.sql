-- name: prod.culprit_rerun
-- The first of the next $2 successful runs of run $1's scenario whose inputs are those of run
-- $1: no input version in force at that run was saved after run $1 with a hash other than the
-- one in force at run $1 (an edit undone before the rerun still counts as the same inputs).
-- Documented indexes (scenario_id, run_at) and (scenario_id, model_node_id, created_at).
SELECT l.id AS run_id, l.run_at
  FROM fc_scenario_run b
 CROSS JOIN LATERAL (
       SELECT r.id, r.run_at
         FROM fc_scenario_run r
        WHERE r.scenario_id = b.scenario_id AND r.run_at > b.run_at AND r.run_status = 'success'
        ORDER BY r.run_at, r.id
        LIMIT $2::int) l
 WHERE b.id = $1::uuid
   AND NOT EXISTS (
       SELECT 1
         FROM fc_scenario_node_data d
        WHERE d.scenario_id = b.scenario_id
          AND d.created_at > b.run_at AND d.created_at <= l.run_at
          AND (d.end_at IS NULL OR d.end_at > l.run_at)
          AND d.input_hash IS DISTINCT FROM (
                SELECT p.input_hash
                  FROM fc_scenario_node_data p
                 WHERE p.scenario_id = b.scenario_id AND p.model_node_id = d.model_node_id
                   AND p.created_at <= b.run_at AND (p.end_at IS NULL OR p.end_at > b.run_at)
                 ORDER BY p.created_at DESC, p.id DESC
                 LIMIT 1))
 ORDER BY l.run_at, l.id
 LIMIT 1
