-- name: etl.delete_vanished_run_events
-- After the events of runs $1 (of scenarios $2) were upserted ($3 keys at $4 times: started,
-- ended, failed node calcs): their events no longer there (a calc no longer failed, a run
-- reopened, or moved in time in the partitioned layout, where the time is part of the key).
-- Unchanged events stay untouched (one table per statement, as distributed engines want it).
DELETE FROM reporting.fact_scenario_events e
 WHERE e.run_id = ANY($1::uuid[]) AND e.scenario_id = ANY($2::uuid[])
   AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::timestamp[]) AS k(event_key, event_timestamp)
                    WHERE k.event_key = e.event_key AND k.event_timestamp = e.event_timestamp)
RETURNING e.scenario_id
