-- name: etl.audit_sources_changed
-- In the ETL's transaction, after the derived facts: whether the events it wrote may change the
-- audit trail (whose other sources, the derived facts, report their own writes). A run read again
-- deletes its events and loads them again (as many, the same rows when nothing changed): the
-- audit trail changes when an event was updated, when more or fewer came back than went, or
-- when the window holds events without a user (the others are mirrored, column for column, in
-- fact_user_action, whose writes the ETL counts). $1 scenarios, $2 runs, $3 the window's start.
-- The counters are the transaction's own (track_counts, on by default, as autovacuum needs it).
WITH counts AS (
    SELECT coalesce(sum(n_tup_upd), 0) AS upd, coalesce(sum(n_tup_ins), 0) AS ins, coalesce(sum(n_tup_del), 0) AS del
      FROM pg_stat_xact_user_tables
     WHERE schemaname = 'reporting' AND (relname = 'fact_scenario_events' OR relname LIKE 'fact\_scenario\_events\_p%')
)
SELECT c.upd > 0 OR c.ins <> c.del
       OR ((c.ins > 0 OR c.del > 0) AND EXISTS (
            SELECT 1 FROM reporting.fact_scenario_events e
             WHERE e.event_user IS NULL
               AND ((e.scenario_id = ANY($1::uuid[]) AND e.event_timestamp >= coalesce($3::timestamp, '-infinity'::timestamp))
                    OR e.run_id = ANY($2::uuid[])))) AS changed
  FROM counts c
