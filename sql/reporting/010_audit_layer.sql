-- Migration 010: the design's second part (docs/design/reporting-design.md, "The design's
-- second part"): logs, lifecycle transitions, user actions and run diagnostics as fact tables,
-- and the unified audit trail as a materialized view, under the design's exact names.
--
-- Every table has the design's BIGSERIAL surrogate key beside a natural key that keeps loads
-- idempotent (a rerun writes nothing new), `etl_loaded_at`, JSONB `metadata` for what has no
-- column of its own, and its keys lead with scenario_id where it has one (partitioning,
-- distribution). Error categories: `error_category` is the design's four (timeout, validation,
-- calculation, database: src/core/errorCategory.ts `designCategory`), `error_category_detail`
-- our finer set (timeout, validation, data, calculation, database, infrastructure, other).
--
-- Layouts: in the partitioned layout (reporting.settings fact_layout) fact_cloudwatch_log is
-- partitioned by month on log_timestamp like the first part's facts, its primary key carrying
-- the partition column; the other three are one row per event, transition or run and stay plain.

DO $$
DECLARE
    partitioned boolean := EXISTS (SELECT 1 FROM reporting.settings WHERE name = 'fact_layout' AND value = 'partitioned');
BEGIN
    -- Log records (files, CloudWatch) with the ids that correlate them to runs and scenarios.
    -- log_key: where the record is, unique per source: `cloudwatch:<group>:<eventId>` or
    -- `file:<path>:<byte offset>`. correlation_id: the id the record was matched by (a run
    -- id, a run's request id or a scenario id, lower case); run_id / scenario_id / request_id:
    -- resolved against dim_run and dim_scenario when known (NULL until the run is loaded).
    EXECUTE format($ddl$
        CREATE TABLE IF NOT EXISTS reporting.fact_cloudwatch_log (
            log_id                bigserial,
            log_key               text NOT NULL,
            log_timestamp         timestamp NOT NULL,
            log_level             text,
            message               text NOT NULL,
            stack_trace           text,
            correlation_id        text,
            scenario_id           uuid,
            run_id                uuid,
            request_id            uuid,
            error_category        text,
            error_category_detail text,
            log_source            text NOT NULL,
            log_group             text,
            log_stream            text,
            origin                text NOT NULL,
            line_number           integer,
            metadata              jsonb NOT NULL DEFAULT '{}'::jsonb,
            etl_loaded_at         timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
            CONSTRAINT fact_cloudwatch_log_pkey PRIMARY KEY (%s)
        ) %s$ddl$,
        CASE WHEN partitioned THEN 'log_key, log_timestamp' ELSE 'log_key' END,
        CASE WHEN partitioned THEN 'PARTITION BY RANGE (log_timestamp)' ELSE '' END);

    IF partitioned THEN
        -- The partition function learns the new partitioned fact.
        EXECUTE $fn$
        CREATE OR REPLACE FUNCTION reporting.ensure_month_partitions(parent text, months date[]) RETURNS integer
        LANGUAGE plpgsql AS $body$
        DECLARE
            m       date;
            part    text;
            created integer := 0;
        BEGIN
            IF parent NOT IN ('fact_scenario_events', 'fact_input_changes', 'fact_node_calculations', 'fact_cloudwatch_log') THEN
                RAISE EXCEPTION 'not a partitioned fact table: %', parent;
            END IF;
            FOREACH m IN ARRAY months LOOP
                part := format('%s_p%s', parent, to_char(m, 'YYYY_MM'));
                IF to_regclass(format('reporting.%I', part)) IS NULL THEN
                    EXECUTE format('CREATE TABLE reporting.%I PARTITION OF reporting.%I FOR VALUES FROM (%L) TO (%L)',
                                   part, parent, date_trunc('month', m)::timestamp, (date_trunc('month', m) + interval '1 month')::timestamp);
                    created := created + 1;
                END IF;
            END LOOP;
            RETURN created;
        END
        $body$
        $fn$;
    END IF;
END
$$;
CREATE INDEX IF NOT EXISTS fact_log_correlation_idx ON reporting.fact_cloudwatch_log (correlation_id);
CREATE INDEX IF NOT EXISTS fact_log_scenario_idx ON reporting.fact_cloudwatch_log (scenario_id, log_timestamp);
CREATE INDEX IF NOT EXISTS fact_log_run_idx ON reporting.fact_cloudwatch_log (run_id, log_timestamp);
CREATE INDEX IF NOT EXISTS fact_log_ts_idx ON reporting.fact_cloudwatch_log (log_timestamp);
CREATE INDEX IF NOT EXISTS fact_log_category_idx ON reporting.fact_cloudwatch_log (error_category, log_timestamp) WHERE error_category IS NOT NULL;

-- Lifecycle transitions of a scenario and of its runs, from_state → to_state.
-- entity: 'scenario' (created → draft, submitted, locked, updated) or 'run' (→ running, →
-- success / failed / timeout / cancelled); change_key: the natural key within the scenario
-- (`scenario:created`, `run:<run_id>:started`, `run:<run_id>:ended`).
CREATE TABLE IF NOT EXISTS reporting.fact_scenario_state_change (
    state_change_id bigserial,
    scenario_id     uuid NOT NULL,
    change_key      text NOT NULL,
    entity          text NOT NULL,
    run_id          uuid,
    from_state      text,
    to_state        text NOT NULL,
    changed_at      timestamp NOT NULL,
    changed_by      text,
    request_id      uuid,
    seconds_in_previous_state numeric,
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    etl_loaded_at   timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    CONSTRAINT fact_scenario_state_change_pkey PRIMARY KEY (scenario_id, change_key)
);
CREATE INDEX IF NOT EXISTS fact_state_scenario_ts_idx ON reporting.fact_scenario_state_change (scenario_id, changed_at);
CREATE INDEX IF NOT EXISTS fact_state_run_idx ON reporting.fact_scenario_state_change (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS fact_state_ts_idx ON reporting.fact_scenario_state_change (changed_at);

-- What users did, in order: scenario CRUD, input changes, runs (the events that have a user).
-- action_key: the event's key within the scenario (fact_scenario_events.event_key).
-- session_id: `<user_id>/<session start ISO>`; a session ends after 30 minutes without an action.
CREATE TABLE IF NOT EXISTS reporting.fact_user_action (
    action_id          bigserial,
    scenario_id        uuid NOT NULL,
    action_key         text NOT NULL,
    user_id            text NOT NULL,
    action_type        text NOT NULL,
    action_at          timestamp NOT NULL,
    run_id             uuid,
    node_id            uuid,
    request_id         uuid,
    session_id         text,
    session_started_at timestamp,
    seconds_since_previous numeric,
    description        text,
    metadata           jsonb NOT NULL DEFAULT '{}'::jsonb,
    etl_loaded_at      timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    CONSTRAINT fact_user_action_pkey PRIMARY KEY (scenario_id, action_key)
);
CREATE INDEX IF NOT EXISTS fact_action_user_idx ON reporting.fact_user_action (user_id, action_at);
CREATE INDEX IF NOT EXISTS fact_action_scenario_ts_idx ON reporting.fact_user_action (scenario_id, action_at);
CREATE INDEX IF NOT EXISTS fact_action_session_idx ON reporting.fact_user_action (session_id);
CREATE INDEX IF NOT EXISTS fact_action_run_idx ON reporting.fact_user_action (run_id) WHERE run_id IS NOT NULL;

-- One row per run: its outcome, failure, failed nodes, log evidence and the last success before it.
CREATE TABLE IF NOT EXISTS reporting.fact_run_diagnostic (
    diagnostic_id          bigserial,
    run_id                 uuid NOT NULL,
    scenario_id            uuid NOT NULL,
    run_status             text NOT NULL,
    run_at                 timestamp NOT NULL,
    run_complete_at        timestamp,
    duration_seconds       double precision,
    run_by                 text,
    request_id             uuid,
    fail_reason            text,
    fail_signature         text,
    error_category         text,
    error_category_detail  text,
    stack_trace            text,
    total_nodes            integer NOT NULL DEFAULT 0,
    failed_nodes           integer NOT NULL DEFAULT 0,
    first_failed_node_id   uuid,
    log_records            integer NOT NULL DEFAULT 0,
    log_errors             integer NOT NULL DEFAULT 0,
    log_warnings           integer NOT NULL DEFAULT 0,
    previous_success_run_id uuid,
    seconds_since_previous_success double precision,
    metadata               jsonb NOT NULL DEFAULT '{}'::jsonb,
    etl_loaded_at          timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    CONSTRAINT fact_run_diagnostic_pkey PRIMARY KEY (run_id)
);
CREATE INDEX IF NOT EXISTS fact_diag_scenario_idx ON reporting.fact_run_diagnostic (scenario_id, run_at);
CREATE INDEX IF NOT EXISTS fact_diag_category_idx ON reporting.fact_run_diagnostic (error_category, run_at) WHERE error_category IS NOT NULL;
CREATE INDEX IF NOT EXISTS fact_diag_run_at_idx ON reporting.fact_run_diagnostic (run_at);

-- The unified timeline of a scenario: every audit event of the four facts above and the
-- first part's events, one row each. audit_key is unique (REFRESH … CONCURRENTLY needs a
-- unique index): `<source>:<natural key>`. Logs join only when correlated to a scenario and
-- at level warn or above (the rest stays in fact_cloudwatch_log).
CREATE MATERIALIZED VIEW IF NOT EXISTS reporting.view_scenario_audit_trail AS
SELECT 'event:' || e.scenario_id || ':' || e.event_key AS audit_key,
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
  FROM reporting.fact_scenario_events e
UNION ALL
SELECT 'state:' || s.scenario_id || ':' || s.change_key,
       'state_change',
       s.scenario_id,
       s.changed_at,
       upper(s.entity) || '_' || upper(s.to_state),
       s.changed_by,
       s.run_id,
       NULL::uuid,
       s.request_id::text,
       s.entity || ' ' || coalesce(s.from_state, '(none)') || ' → ' || s.to_state,
       NULL::text,
       s.metadata
  FROM reporting.fact_scenario_state_change s
UNION ALL
SELECT 'action:' || a.scenario_id || ':' || a.action_key,
       'user_action',
       a.scenario_id,
       a.action_at,
       a.action_type,
       a.user_id,
       a.run_id,
       a.node_id,
       a.request_id::text,
       coalesce(a.description, a.action_type),
       NULL::text,
       a.metadata || jsonb_build_object('session_id', a.session_id)
  FROM reporting.fact_user_action a
UNION ALL
SELECT 'diagnostic:' || d.run_id,
       'run_diagnostic',
       d.scenario_id,
       coalesce(d.run_complete_at, d.run_at),
       'RUN_' || upper(d.run_status),
       d.run_by,
       d.run_id,
       d.first_failed_node_id,
       d.request_id::text,
       coalesce(d.fail_reason, 'run ' || d.run_status),
       d.error_category,
       d.metadata
  FROM reporting.fact_run_diagnostic d
UNION ALL
SELECT 'log:' || l.log_key,
       'log',
       l.scenario_id,
       l.log_timestamp,
       'LOG_' || upper(coalesce(l.log_level, 'info')),
       NULL::text,
       l.run_id,
       NULL::uuid,
       l.correlation_id,
       left(l.message, 500),
       l.error_category,
       l.metadata || jsonb_build_object('origin', l.origin, 'line', l.line_number)
  FROM reporting.fact_cloudwatch_log l
 WHERE l.scenario_id IS NOT NULL
   AND lower(coalesce(l.log_level, '')) IN ('warn', 'warning', 'error', 'fatal', 'critical')
WITH NO DATA;
CREATE UNIQUE INDEX IF NOT EXISTS view_audit_trail_key_idx ON reporting.view_scenario_audit_trail (audit_key);
CREATE INDEX IF NOT EXISTS view_audit_trail_scenario_ts_idx ON reporting.view_scenario_audit_trail (scenario_id, "timestamp");
CREATE INDEX IF NOT EXISTS view_audit_trail_correlation_idx ON reporting.view_scenario_audit_trail (correlation_id);
CREATE INDEX IF NOT EXISTS view_audit_trail_run_idx ON reporting.view_scenario_audit_trail (run_id);
-- Populated here (empty on a new schema; from the loaded facts on an upgrade: the ETL fills
-- the facts, then refreshes it concurrently at the end of each load).
REFRESH MATERIALIZED VIEW reporting.view_scenario_audit_trail;

-- The ETL's watermark of the log sources is its own row of reporting.etl_state (name 'logs').
