-- name: etl.delete_scenario_events
DELETE FROM reporting.fact_scenario_events
 WHERE scenario_id = ANY($1::uuid[])
   AND event_type IN ('SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED')
