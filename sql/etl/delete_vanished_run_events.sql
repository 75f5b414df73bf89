-- name: etl.delete_vanished_run_events
-- After the events of runs $1 (of scenarios $2) were upserted ($3 keys at $4 times: started,
-- ended, failed node calcs): their events no longer there (a calc no longer failed, a run
-- reopened, or moved in time in the partitioned layout, where the time is part of the key).
-- Unchanged events stay untouched (one table per statement, as distributed engines want it).
-- A set difference, as delete_vanished_calcs.sql (and for the same reason).
WITH g AS MATERIALIZED (
    SELECT f.event_key, f.event_timestamp FROM reporting.fact_scenario_events f
     WHERE f.run_id = ANY($1::uuid[]) AND f.scenario_id = ANY($2::uuid[])
    EXCEPT
    SELECT k.event_key, k.event_timestamp FROM unnest($3::text[], $4::timestamp[]) AS k(event_key, event_timestamp)
)
DELETE FROM reporting.fact_scenario_events e USING g
 WHERE e.scenario_id = ANY($2::uuid[]) AND e.run_id = ANY($1::uuid[])
   AND e.event_key = g.event_key AND e.event_timestamp = g.event_timestamp
RETURNING e.scenario_id
