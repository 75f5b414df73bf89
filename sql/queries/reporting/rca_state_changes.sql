-- name: reporting.rca_state_changes
-- GET /rca/scenario/{id}/state-changes: lifecycle transitions in time order.
-- $1 scenario, $2 since, $3 until (inclusive), $4 entity ('scenario' | 'run', NULL = both).
SELECT c.entity, c.run_id, c.from_state, c.to_state, c.changed_at, c.changed_by, c.request_id,
       c.seconds_in_previous_state
  FROM reporting.fact_scenario_state_change c
 WHERE c.scenario_id = $1
   AND ($2::timestamp IS NULL OR c.changed_at >= $2)
   AND ($3::timestamp IS NULL OR c.changed_at <= $3)
   AND ($4::text IS NULL OR c.entity = $4)
 ORDER BY c.changed_at, c.change_key
