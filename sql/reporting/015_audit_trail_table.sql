-- Migration 015 (issue 26): view_scenario_audit_trail, the design's materialized UNION of every
-- audit event, is kept as a table the ETL maintains itself instead of a materialized view.
-- PostgreSQL refreshes a materialized view whole: every incremental ETL run that changed a
-- source rebuilt all of it (6-12 s at S, 22 s at 4S: the run's cost tracked the history). The
-- same rows, columns and indexes now live in a table the ETL writes in its own transaction, for
-- the scenarios the run touched (src/etl/auditTrail.ts: rows upserted from the definition below,
-- rows whose source is gone deleted, an unchanged row not rewritten); a first load and a full
-- reload fill it whole. Readers see it change with the facts, at the commit.
--
-- reporting.audit_trail_rows is the definition (a plain view, computed when read): the UNION ALL
-- of one view per source, each with the natural key and times the ETL scopes it by (it reads
-- each source view over the rows the run may have written, through that source's indexes). audit_key is unique:
-- `<source>:<natural key>`; the key is (scenario_id, audit_key), so that a scenario's rows are
-- one range (and a distributed PostgreSQL can place them by scenario). Logs join only when
-- correlated to a scenario and at level warn or above (the rest stays in fact_cloudwatch_log).
-- One view per source: the trail's columns, after the source's own keys.
CREATE OR REPLACE VIEW reporting.audit_trail_event_rows AS
SELECT e.event_key,
       'event:' || e.scenario_id || ':' || e.event_key AS audit_key,
       'event'::text           AS audit_source,
       e.scenario_id,
       e.event_timestamp       AS "timestamp",
       e.event_type            AS event_type,
       e.event_user            AS user_id,
       e.run_id,
       e.node_id,
       e.request_id::text      AS correlation_id,
       e.event_description     AS description,
       NULL::text              AS error_category,
       e.event_details         AS metadata
  FROM reporting.fact_scenario_events e;

CREATE OR REPLACE VIEW reporting.audit_trail_state_rows AS
SELECT s.change_key,
       s.entity,
       'state:' || s.scenario_id || ':' || s.change_key AS audit_key,
       'state_change'::text    AS audit_source,
       s.scenario_id,
       s.changed_at            AS "timestamp",
       upper(s.entity) || '_' || upper(s.to_state) AS event_type,
       s.changed_by            AS user_id,
       s.run_id,
       NULL::uuid              AS node_id,
       s.request_id::text      AS correlation_id,
       s.entity || ' ' || coalesce(s.from_state, '(none)') || ' → ' || s.to_state AS description,
       NULL::text              AS error_category,
       s.metadata
  FROM reporting.fact_scenario_state_change s;

CREATE OR REPLACE VIEW reporting.audit_trail_action_rows AS
SELECT a.action_key,
       'action:' || a.scenario_id || ':' || a.action_key AS audit_key,
       'user_action'::text     AS audit_source,
       a.scenario_id,
       a.action_at             AS "timestamp",
       a.action_type           AS event_type,
       a.user_id,
       a.run_id,
       a.node_id,
       a.request_id::text      AS correlation_id,
       coalesce(a.description, a.action_type) AS description,
       NULL::text              AS error_category,
       a.metadata || jsonb_build_object('session_id', a.session_id) AS metadata
  FROM reporting.fact_user_action a;

CREATE OR REPLACE VIEW reporting.audit_trail_diagnostic_rows AS
SELECT 'diagnostic:' || d.run_id AS audit_key,
       'run_diagnostic'::text  AS audit_source,
       d.scenario_id,
       coalesce(d.run_complete_at, d.run_at) AS "timestamp",
       'RUN_' || upper(d.run_status) AS event_type,
       d.run_by                AS user_id,
       d.run_id,
       d.first_failed_node_id  AS node_id,
       d.request_id::text      AS correlation_id,
       coalesce(d.fail_reason, 'run ' || d.run_status) AS description,
       d.error_category,
       d.metadata
  FROM reporting.fact_run_diagnostic d;

-- The logs' part, with the record's key (the log load keeps the rows of the records it adds or
-- resolves by their keys: src/etl/auditTrail.ts syncAuditTrailLogs).
CREATE OR REPLACE VIEW reporting.audit_trail_log_rows AS
SELECT l.log_key,
       'log:' || l.log_key     AS audit_key,
       'log'::text             AS audit_source,
       l.scenario_id,
       l.log_timestamp         AS "timestamp",
       'LOG_' || upper(coalesce(l.log_level, 'info')) AS event_type,
       NULL::text              AS user_id,
       l.run_id,
       NULL::uuid              AS node_id,
       l.correlation_id,
       left(l.message, 500)    AS description,
       l.error_category,
       l.metadata || jsonb_build_object('origin', l.origin, 'line', l.line_number) AS metadata
  FROM reporting.fact_cloudwatch_log l
 WHERE l.scenario_id IS NOT NULL
   AND lower(coalesce(l.log_level, '')) IN ('warn', 'warning', 'error', 'fatal', 'critical');

CREATE OR REPLACE VIEW reporting.audit_trail_rows AS
SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
  FROM reporting.audit_trail_event_rows
UNION ALL
SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
  FROM reporting.audit_trail_state_rows
UNION ALL
SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
  FROM reporting.audit_trail_action_rows
UNION ALL
SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
  FROM reporting.audit_trail_diagnostic_rows
UNION ALL
SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category, metadata
  FROM reporting.audit_trail_log_rows;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_matviews WHERE schemaname = 'reporting' AND matviewname = 'view_scenario_audit_trail') THEN
        DROP MATERIALIZED VIEW reporting.view_scenario_audit_trail;
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS reporting.view_scenario_audit_trail (
    audit_key      text NOT NULL,
    audit_source   text NOT NULL,
    scenario_id    uuid NOT NULL,
    "timestamp"    timestamp,
    event_type     text,
    user_id        text,
    run_id         uuid,
    node_id        uuid,
    correlation_id text,
    description    text,
    error_category text,
    metadata       jsonb,
    CONSTRAINT view_scenario_audit_trail_pkey PRIMARY KEY (scenario_id, audit_key)
);
COMMENT ON TABLE reporting.view_scenario_audit_trail IS
    'The design''s view_scenario_audit_trail (UNION of every audit event: reporting.audit_trail_rows), kept by the ETL for the scenarios each run touches (migration 015).';
CREATE INDEX IF NOT EXISTS view_audit_trail_scenario_ts_idx ON reporting.view_scenario_audit_trail (scenario_id, "timestamp");
CREATE INDEX IF NOT EXISTS view_audit_trail_correlation_idx ON reporting.view_scenario_audit_trail (correlation_id);
CREATE INDEX IF NOT EXISTS view_audit_trail_run_idx ON reporting.view_scenario_audit_trail (run_id);

-- An upgrade: the rows of the facts already loaded (a new schema: none yet).
INSERT INTO reporting.view_scenario_audit_trail SELECT * FROM reporting.audit_trail_rows ON CONFLICT DO NOTHING;

-- Migration 014's write mark, as on every table the ETL writes.
DROP TRIGGER IF EXISTS view_scenario_audit_trail_writes ON reporting.view_scenario_audit_trail;
CREATE TRIGGER view_scenario_audit_trail_writes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reporting.view_scenario_audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION reporting.mark_write();

-- The mark of a failed refresh has nothing left to mean.
DELETE FROM reporting.settings WHERE name = 'audit_trail_stale';
