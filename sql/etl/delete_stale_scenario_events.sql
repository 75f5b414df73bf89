-- name: etl.delete_stale_scenario_events
-- After the lifecycle events of scenarios $1 were upserted ($2 keys at $3 times): their
-- lifecycle events that are no longer there (a step undone, or moved in time in the
-- partitioned layout, where the time is part of the key). Unchanged events stay untouched.
--
-- A scenario's lifecycle events are found by their keys (`<type>:<scenario_id>`, as
-- src/core/events.ts writes them: four primary-key probes a scenario, on the leaf pages the
-- upsert before this statement has just read), not by event_type: the type's index holds every
-- scenario's lifecycle, and its range grows with the history. The keys are fenced (OFFSET 0 on
-- the list, not on the fact: an inner join of the fact with a list on its distribution column,
-- which a distributed engine runs on each shard) so that PostgreSQL probes them instead of
-- reading every event of the scenarios.
--
-- What vanished is a set difference (EXCEPT, as delete_vanished_calcs.sql), materialized so
-- that the DELETE reads the table again only for rows to delete (usually none).
WITH g AS MATERIALIZED (
    SELECT f.event_key, f.event_timestamp
      FROM (SELECT s.scenario_id, t.event_type || ':' || s.scenario_id AS event_key
              FROM unnest($1::uuid[]) AS s(scenario_id)
             CROSS JOIN unnest(ARRAY['SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED']) AS t(event_type)
            OFFSET 0) k
      JOIN reporting.fact_scenario_events f ON f.scenario_id = k.scenario_id AND f.event_key = k.event_key
    EXCEPT
    SELECT k.event_key, k.event_timestamp FROM unnest($2::text[], $3::timestamp[]) AS k(event_key, event_timestamp)
)
DELETE FROM reporting.fact_scenario_events e USING g
 WHERE e.scenario_id = ANY($1::uuid[]) AND e.event_key = g.event_key AND e.event_timestamp = g.event_timestamp
RETURNING e.scenario_id
