-- name: etl.delete_stale_scenario_events
-- After the lifecycle events of scenarios $1 were upserted ($2 keys at $3 times): their
-- lifecycle events that are no longer there (a step undone, or moved in time in the
-- partitioned layout, where the time is part of the key). Unchanged events stay untouched.
DELETE FROM reporting.fact_scenario_events e
 WHERE e.scenario_id = ANY($1::uuid[])
   AND e.event_type IN ('SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED')
   AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::timestamp[]) AS k(event_key, event_timestamp)
                    WHERE k.event_key = e.event_key AND k.event_timestamp = e.event_timestamp)
RETURNING e.scenario_id
