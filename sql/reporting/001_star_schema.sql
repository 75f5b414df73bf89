-- Reporting star schema (version 1). Applied by `clearsight-rca etl` (src/etl/migrate.ts),
-- never by hand. Timestamps are UTC in `timestamp without time zone`, like the source.
-- Fact keys lead with scenario_id so that the tables can be partitioned or distributed
-- (Citus: distribute by scenario_id) without changing keys or queries.

CREATE TABLE IF NOT EXISTS reporting.dim_user (
    user_id       text PRIMARY KEY,
    first_seen_at timestamp,
    last_seen_at  timestamp
);

CREATE TABLE IF NOT EXISTS reporting.dim_node (
    node_id    uuid PRIMARY KEY,
    model_id   uuid NOT NULL,
    model_name text NOT NULL,
    disease_area     text,
    therapeutic_area text,
    node_name  text NOT NULL,
    node_type  text NOT NULL,
    node_group text,
    node_seq   integer
);
CREATE INDEX IF NOT EXISTS dim_node_model_idx ON reporting.dim_node (model_id, node_seq);

CREATE TABLE IF NOT EXISTS reporting.dim_scenario (
    scenario_id      uuid PRIMARY KEY,
    scenario_name    text NOT NULL,
    status           text NOT NULL,
    model_id         uuid NOT NULL,
    model_name       text NOT NULL,
    disease_area     text,
    therapeutic_area text,
    is_starter       boolean NOT NULL DEFAULT false,
    start_year       integer,
    end_year         integer,
    region           text,
    country          text,
    created_at       timestamp NOT NULL,
    created_by       text,
    created_req_id   uuid,
    updated_at       timestamp,
    updated_by       text,
    updated_req_id   uuid,
    submitted_at     timestamp,
    submitted_by     text,
    submitted_req_id uuid,
    locked_at        timestamp,
    locked_by        text,
    locked_req_id    uuid,
    -- derived by the ETL from dim_run
    last_run_id      uuid,
    last_run_at      timestamp,
    last_run_status  text,
    last_fail_reason text,
    runs             integer NOT NULL DEFAULT 0,
    failed_runs      integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS dim_scenario_last_run_idx ON reporting.dim_scenario (last_run_at DESC NULLS LAST, scenario_id);
CREATE INDEX IF NOT EXISTS dim_scenario_model_idx ON reporting.dim_scenario (model_id);
CREATE INDEX IF NOT EXISTS dim_scenario_created_req_idx ON reporting.dim_scenario (created_req_id);
CREATE INDEX IF NOT EXISTS dim_scenario_updated_req_idx ON reporting.dim_scenario (updated_req_id);
CREATE INDEX IF NOT EXISTS dim_scenario_submitted_req_idx ON reporting.dim_scenario (submitted_req_id);
CREATE INDEX IF NOT EXISTS dim_scenario_locked_req_idx ON reporting.dim_scenario (locked_req_id);

CREATE TABLE IF NOT EXISTS reporting.dim_run (
    run_id          uuid PRIMARY KEY,
    scenario_id     uuid NOT NULL,
    run_status      text NOT NULL,
    run_at          timestamp NOT NULL,
    run_complete_at timestamp,
    duration_ms     bigint,
    run_by          text,
    run_req_id      uuid,
    fail_reason     text,
    fail_signature  text,
    nodes_total     integer NOT NULL DEFAULT 0,
    nodes_failed    integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS dim_run_scenario_idx ON reporting.dim_run (scenario_id, run_at);
CREATE INDEX IF NOT EXISTS dim_run_run_at_idx ON reporting.dim_run (run_at);
CREATE INDEX IF NOT EXISTS dim_run_req_idx ON reporting.dim_run (run_req_id);
CREATE INDEX IF NOT EXISTS dim_run_open_idx ON reporting.dim_run (run_status) WHERE run_status IN ('queued', 'running');
CREATE INDEX IF NOT EXISTS dim_run_signature_idx ON reporting.dim_run (fail_signature, run_at) WHERE fail_signature IS NOT NULL;

CREATE TABLE IF NOT EXISTS reporting.fact_scenario_events (
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
    PRIMARY KEY (scenario_id, event_key)
);
CREATE INDEX IF NOT EXISTS fact_events_timeline_idx ON reporting.fact_scenario_events (scenario_id, event_timestamp, event_rank, event_key);
CREATE INDEX IF NOT EXISTS fact_events_run_idx ON reporting.fact_scenario_events (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS fact_events_ts_idx ON reporting.fact_scenario_events (event_timestamp);
CREATE INDEX IF NOT EXISTS fact_events_user_idx ON reporting.fact_scenario_events (event_user, event_timestamp);

-- Every save of the input history (not only changes), so that a snapshot read here is
-- exact; `is_change` marks the saves whose hash differs from the previous save.
CREATE TABLE IF NOT EXISTS reporting.fact_input_changes (
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
    PRIMARY KEY (scenario_id, node_data_id)
);
CREATE INDEX IF NOT EXISTS fact_input_node_idx ON reporting.fact_input_changes (scenario_id, node_id, created_at);
CREATE INDEX IF NOT EXISTS fact_input_req_idx ON reporting.fact_input_changes (request_id);
CREATE INDEX IF NOT EXISTS fact_input_created_idx ON reporting.fact_input_changes (created_at);

CREATE TABLE IF NOT EXISTS reporting.fact_node_calculations (
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
    PRIMARY KEY (scenario_id, calc_id)
);
CREATE INDEX IF NOT EXISTS fact_calc_run_idx ON reporting.fact_node_calculations (run_id, node_id);
CREATE INDEX IF NOT EXISTS fact_calc_failed_idx ON reporting.fact_node_calculations (node_id, processing_end_at) WHERE status = 'failed';

-- The ETL's own bookkeeping.
CREATE TABLE IF NOT EXISTS reporting.etl_state (
    name            text PRIMARY KEY,
    watermark       timestamp,
    last_success_at timestamp,
    last_mode       text
);

CREATE TABLE IF NOT EXISTS reporting.etl_run_log (
    id              bigserial PRIMARY KEY,
    mode            text NOT NULL,
    started_at      timestamp NOT NULL,
    finished_at     timestamp,
    status          text NOT NULL,
    since           timestamp,
    watermark_before timestamp,
    watermark_after timestamp,
    extracted       jsonb,
    loaded          jsonb,
    duration_ms     bigint,
    error           text
);
