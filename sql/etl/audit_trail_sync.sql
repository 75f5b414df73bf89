-- name: etl.audit_trail_sync
-- view_scenario_audit_trail kept in an ETL run's transaction (src/etl/auditTrail.ts) for what
-- the run may have written or removed: the derived facts' scope (src/etl/derived.ts) over the
-- scenarios $1, with the runs $2 and the window's start $3 (NULL: their whole history):
--   events and user actions of $1 since $3, of the runs $2, and the scenarios' lifecycle steps;
--   state changes: the scenarios' lifecycle, the runs' transitions; diagnostics of the runs;
--   and the user actions $4 / $5 (scenario, key) whose session the run recomputed.
-- (The ETL does not write log records: the log load keeps their rows itself.) Each part reads
-- one source's view (migration 015) through one of its indexes, and the parts are disjoint (an
-- upsert may not meet a row twice); the trail's rows in the same scope, found through its own
-- indexes, are deleted when their source is gone. An unchanged row is not rewritten (nor
-- locked): the upsert leaves out the rows of `src` equal to one of `cur`, compared here in memory.
-- This file is the scope (CTEs `src`: the rows as they should be, `cur`: the rows there now);
-- src/etl/auditTrail.ts adds the delete and the upsert every trail statement shares.
lifecycle AS (
    -- The scenarios' lifecycle rows, as keys: probed one by one (a list of scenarios by a list of
    -- keys would be probed as their product), each probe a LATERAL subquery on the source's key,
    -- which the planner cannot turn into a hash of the whole table (it did for the state changes
    -- at S: 35,000 rows hashed for 400 probes).
    SELECT s AS scenario_id, step
      FROM unnest($1::uuid[]) s, unnest(ARRAY['CREATED', 'UPDATED', 'SUBMITTED', 'LOCKED']) step
), moved AS (
    SELECT m.scenario_id, m.action_key FROM unnest($4::uuid[], $5::text[]) AS m(scenario_id, action_key)
), src AS MATERIALIZED (
    -- events and user actions: since the window's start; else of the runs; else lifecycle steps
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata FROM reporting.audit_trail_event_rows v
     WHERE v.scenario_id = ANY($1::uuid[]) AND v."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp)
    UNION ALL
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata FROM reporting.audit_trail_event_rows v
     WHERE v.run_id = ANY($2::uuid[]) AND v.scenario_id = ANY($1::uuid[]) AND NOT coalesce(v."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp), false)
    UNION ALL
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata
      FROM lifecycle l CROSS JOIN LATERAL (SELECT * FROM reporting.audit_trail_event_rows e WHERE e.scenario_id = l.scenario_id AND e.event_key = 'SCENARIO_' || l.step || ':' || l.scenario_id OFFSET 0) v
     WHERE NOT coalesce(v."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp), false) AND v.run_id IS NULL
    UNION ALL
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata FROM reporting.audit_trail_action_rows v
     WHERE v.scenario_id = ANY($1::uuid[]) AND v."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp)
    UNION ALL
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata FROM reporting.audit_trail_action_rows v
     WHERE v.run_id = ANY($2::uuid[]) AND v.scenario_id = ANY($1::uuid[]) AND NOT coalesce(v."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp), false)
    UNION ALL
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata
      FROM lifecycle l CROSS JOIN LATERAL (SELECT * FROM reporting.audit_trail_action_rows a WHERE a.scenario_id = l.scenario_id AND a.action_key = 'SCENARIO_' || l.step || ':' || l.scenario_id OFFSET 0) v
     WHERE NOT coalesce(v."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp), false) AND v.run_id IS NULL
    UNION ALL
    -- user actions whose session changed, outside the parts above
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata FROM moved m JOIN reporting.audit_trail_action_rows v ON v.scenario_id = m.scenario_id AND v.action_key = m.action_key
     WHERE NOT (v.scenario_id = ANY($1::uuid[])
                AND (coalesce(v."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp), false) OR coalesce(v.run_id = ANY($2::uuid[]), false)
                     OR (v.run_id IS NULL AND v.action_key IN ('SCENARIO_CREATED:' || v.scenario_id, 'SCENARIO_UPDATED:' || v.scenario_id,
                                                               'SCENARIO_SUBMITTED:' || v.scenario_id, 'SCENARIO_LOCKED:' || v.scenario_id))))
    UNION ALL
    -- state changes: the scenarios' lifecycle, the runs' transitions
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata
      FROM lifecycle l CROSS JOIN LATERAL (SELECT * FROM reporting.audit_trail_state_rows c WHERE c.scenario_id = l.scenario_id AND c.change_key = 'scenario:' || lower(l.step) OFFSET 0) v
    UNION ALL
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata FROM reporting.audit_trail_state_rows v
     WHERE v.run_id = ANY($2::uuid[]) AND v.scenario_id = ANY($1::uuid[])
    UNION ALL
    SELECT v.audit_key, v.audit_source, v.scenario_id, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id, v.correlation_id, v.description, v.error_category, v.metadata FROM reporting.audit_trail_diagnostic_rows v
     WHERE v.run_id = ANY($2::uuid[]) AND v.scenario_id = ANY($1::uuid[])
), cur AS MATERIALIZED (
    SELECT t.scenario_id, t.audit_key, t.audit_source, t."timestamp", t.event_type, t.user_id, t.run_id, t.node_id, t.correlation_id, t.description, t.error_category, t.metadata FROM reporting.view_scenario_audit_trail t
     WHERE t.scenario_id = ANY($1::uuid[]) AND t."timestamp" >= coalesce($3::timestamp, '-infinity'::timestamp) AND t.audit_source IN ('event', 'user_action')
    UNION
    SELECT t.scenario_id, t.audit_key, t.audit_source, t."timestamp", t.event_type, t.user_id, t.run_id, t.node_id, t.correlation_id, t.description, t.error_category, t.metadata FROM reporting.view_scenario_audit_trail t
     WHERE t.run_id = ANY($2::uuid[]) AND t.scenario_id = ANY($1::uuid[])
    UNION
    SELECT t.scenario_id, t.audit_key, t.audit_source, t."timestamp", t.event_type, t.user_id, t.run_id, t.node_id, t.correlation_id, t.description, t.error_category, t.metadata
      FROM lifecycle l
     CROSS JOIN LATERAL unnest(ARRAY['event:' || l.scenario_id || ':SCENARIO_' || l.step || ':' || l.scenario_id,
                                     'action:' || l.scenario_id || ':SCENARIO_' || l.step || ':' || l.scenario_id,
                                     'state:' || l.scenario_id || ':scenario:' || lower(l.step)]) k
     CROSS JOIN LATERAL (SELECT x.* FROM reporting.view_scenario_audit_trail x WHERE x.scenario_id = l.scenario_id AND x.audit_key = k OFFSET 0) t
)
