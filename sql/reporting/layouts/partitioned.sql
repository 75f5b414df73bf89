-- Optional layout (`clearsight-rca etl --partitioned`, or runEtl({partitioned: true})), applied
-- only when the reporting schema is created, before 001: the three fact tables partitioned
-- by month on their time column. 001 then finds them (CREATE TABLE IF NOT EXISTS) and
-- creates its indexes on them as partitioned indexes; 002 records nothing over the layout.
-- The tables here have version 1's columns, because 001 and 002 run over them; 004 then
-- renames and adds the design's columns exactly as on plain tables (fact_input_changes is
-- partitioned on created_at, which 004 renames to changed_at; the partitions follow).
--
-- Every primary key carries the partition column, so loads stay idempotent: the ETL deletes
-- a run's or a scenario's events before loading them again (their time may change), and the
-- time of a save or a node calc never changes. The ETL creates the monthly partitions it is
-- about to load into (reporting.ensure_month_partitions) inside its own transaction.
-- Per-scenario queries carry an exact time bound (dim_scenario.first_event_at / last_event_at,
-- dim_run.run_at), so PostgreSQL skips the other months' partitions when it executes them.

CREATE TABLE reporting.settings (
    name  text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO reporting.settings (name, value) VALUES ('fact_layout', 'partitioned');

CREATE TABLE reporting.fact_scenario_events (
    scenario_id     uuid NOT NULL,
    event_key       text NOT NULL,
    event_type      text NOT NULL,
    event_rank      smallint NOT NULL,
    event_timestamp timestamp NOT NULL,
    event_user      text,
    node_id         uuid,
    run_id          uuid,
    request_id      uuid,
    description     text NOT NULL,
    details         jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT fact_scenario_events_pkey PRIMARY KEY (scenario_id, event_key, event_timestamp)
) PARTITION BY RANGE (event_timestamp);

CREATE TABLE reporting.fact_input_changes (
    scenario_id   uuid NOT NULL,
    node_data_id  uuid NOT NULL,
    node_id       uuid NOT NULL,
    created_at    timestamp NOT NULL,
    created_by    text,
    request_id    uuid,
    end_at        timestamp,
    input_hash    text,
    previous_hash text,
    input_data    jsonb,
    is_change     boolean NOT NULL,
    change_type   text,
    CONSTRAINT fact_input_changes_pkey PRIMARY KEY (scenario_id, node_data_id, created_at)
) PARTITION BY RANGE (created_at);

CREATE TABLE reporting.fact_node_calculations (
    scenario_id         uuid NOT NULL,
    calc_id             uuid NOT NULL,
    run_id              uuid NOT NULL,
    node_id             uuid NOT NULL,
    status              text NOT NULL,
    fail_reason         text,
    fail_signature      text,
    processing_start_at timestamp,
    processing_end_at   timestamp,
    processing_duration numeric,
    run_at              timestamp NOT NULL,
    CONSTRAINT fact_node_calculations_pkey PRIMARY KEY (scenario_id, calc_id, run_at)
) PARTITION BY RANGE (run_at);

-- Creates the missing monthly partitions of a fact table (`months`: any day of each month).
CREATE FUNCTION reporting.ensure_month_partitions(parent text, months date[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    m       date;
    part    text;
    created integer := 0;
BEGIN
    IF parent NOT IN ('fact_scenario_events', 'fact_input_changes', 'fact_node_calculations') THEN
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
$$;
