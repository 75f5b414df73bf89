-- Migration 012: retention keeps aggregates (the design: "move data > 90 days to archive
-- tables, keep aggregates only"). The retention (src/etl/retention.ts; `serve` monthly with
-- 90 days by default, `etl --full --retain-days N` when asked) moves the facts older than
-- its cutoff out of the fact tables, in the ETL's transaction, into:
--
-- * archive_dim_run, archive_fact_run_diagnostic: the pruned runs and their diagnostics,
--   raw (same columns, plus archived_at). One row per run: small beside the node calcs,
--   logs and events of the run, and what a per-run figure (a scenario's duration trend,
--   an RCA of an old run's outcome) needs.
-- * agg_daily_runs / agg_daily_calcs / agg_daily_logs / agg_daily_activity: daily
--   aggregates of everything pruned (UTC days of the row's time; for node calcs the run's
--   start). The Overview's long trends add them to the facts still kept: each pruned row is
--   counted in exactly one place, so a figure over a range crossing the cutoff does not
--   change when a month is pruned.
--
-- reporting.settings 'retained_from': the cutoff of the last retention (facts before it
-- live only here); 'retention_pruned_at': when it ran (serve prunes once a month).
-- Archive and aggregate tables are never emptied by a rebuild (etl/delete_all.sql): they
-- hold what production may no longer have.

-- The deferred foreign-key checks of 011's backfill first (an index cannot be built on a table
-- with pending trigger events).
SET CONSTRAINTS ALL IMMEDIATE;

CREATE TABLE IF NOT EXISTS reporting.archive_dim_run (LIKE reporting.dim_run);
ALTER TABLE reporting.archive_dim_run ADD COLUMN IF NOT EXISTS archived_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE reporting.archive_dim_run DROP CONSTRAINT IF EXISTS archive_dim_run_pkey;
ALTER TABLE reporting.archive_dim_run ADD CONSTRAINT archive_dim_run_pkey PRIMARY KEY (run_id);
CREATE INDEX IF NOT EXISTS archive_run_scenario_idx ON reporting.archive_dim_run (scenario_id, run_at);
CREATE INDEX IF NOT EXISTS archive_run_run_at_idx ON reporting.archive_dim_run (run_at);

CREATE TABLE IF NOT EXISTS reporting.archive_fact_run_diagnostic (LIKE reporting.fact_run_diagnostic);
ALTER TABLE reporting.archive_fact_run_diagnostic ADD COLUMN IF NOT EXISTS archived_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE reporting.archive_fact_run_diagnostic DROP CONSTRAINT IF EXISTS archive_fact_run_diagnostic_pkey;
ALTER TABLE reporting.archive_fact_run_diagnostic ADD CONSTRAINT archive_fact_run_diagnostic_pkey PRIMARY KEY (run_id);
CREATE INDEX IF NOT EXISTS archive_diag_scenario_idx ON reporting.archive_fact_run_diagnostic (scenario_id, run_at);

-- Runs per UTC day of run_at, scenario, status and the design's error category (NULL: none).
-- model_id is the scenario's (kept for readers without a join). duration_seconds_sum /
-- duration_count: over the runs with a duration (finished ones), so avg = sum / count.
CREATE TABLE IF NOT EXISTS reporting.agg_daily_runs (
    day                  date NOT NULL,
    scenario_id          uuid NOT NULL,
    model_id             uuid,
    run_status           text NOT NULL,
    error_category       text,
    runs                 bigint NOT NULL,
    duration_seconds_sum numeric NOT NULL DEFAULT 0,
    duration_count       bigint NOT NULL DEFAULT 0,
    failed_nodes         bigint NOT NULL DEFAULT 0,
    etl_loaded_at        timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    CONSTRAINT agg_daily_runs_key UNIQUE NULLS NOT DISTINCT (day, scenario_id, run_status, error_category)
);
CREATE INDEX IF NOT EXISTS agg_daily_runs_day_idx ON reporting.agg_daily_runs (day);

-- Node calcs per UTC day of their run's start, node and calc status.
CREATE TABLE IF NOT EXISTS reporting.agg_daily_calcs (
    day                          date NOT NULL,
    node_id                      uuid NOT NULL,
    model_id                     uuid,
    node_type                    text,
    calc_status                  text NOT NULL,
    calcs                        bigint NOT NULL,
    processing_duration_sec_sum  numeric NOT NULL DEFAULT 0,
    processing_duration_count    bigint NOT NULL DEFAULT 0,
    processing_duration_sec_max  numeric,
    etl_loaded_at                timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    CONSTRAINT agg_daily_calcs_key UNIQUE (day, node_id, calc_status)
);
CREATE INDEX IF NOT EXISTS agg_daily_calcs_day_idx ON reporting.agg_daily_calcs (day);

-- Log records per UTC day, level, category (design's four) and source.
CREATE TABLE IF NOT EXISTS reporting.agg_daily_logs (
    day            date NOT NULL,
    log_level      text,
    error_category text,
    log_source     text NOT NULL,
    records        bigint NOT NULL,
    with_run       bigint NOT NULL DEFAULT 0,
    etl_loaded_at  timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    CONSTRAINT agg_daily_logs_key UNIQUE NULLS NOT DISTINCT (day, log_level, error_category, log_source)
);

-- The other facts' rows per UTC day: fact (its table), kind (event_type, change_type,
-- entity:to_state, action_type).
CREATE TABLE IF NOT EXISTS reporting.agg_daily_activity (
    day           date NOT NULL,
    fact          text NOT NULL,
    kind          text,
    rows          bigint NOT NULL,
    etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    CONSTRAINT agg_daily_activity_key UNIQUE NULLS NOT DISTINCT (day, fact, kind)
);

-- The Overview's filter over the daily run aggregates (like reporting.overview_runs,
-- migration 006): days in [p_from, p_to), model, disease area and scenario status by the
-- scenario (dim_scenario is never pruned). A node type or fail reason filter cannot be
-- answered from aggregates: no row then (those figures cover the facts kept).
CREATE OR REPLACE FUNCTION reporting.overview_daily_runs(
  p_from timestamp, p_to timestamp, p_model uuid, p_area text, p_status text, p_node_type text, p_reason text)
RETURNS TABLE (
  day date, scenario_id uuid, run_status text, error_category text, runs bigint,
  duration_seconds_sum numeric, duration_count bigint)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT a.day, a.scenario_id, a.run_status, a.error_category, a.runs, a.duration_seconds_sum, a.duration_count
    FROM reporting.agg_daily_runs a
    JOIN reporting.dim_scenario s ON s.scenario_id = a.scenario_id
   WHERE a.day >= p_from::date AND a.day::timestamp < p_to
     AND p_node_type IS NULL AND p_reason IS NULL
     AND (p_model IS NULL OR s.model_id = p_model)
     AND (p_area IS NULL OR s.model_disease_area = p_area)
     AND (p_status IS NULL OR s.scenario_status = p_status)
$$;

-- Partitioned layout: the retention drops whole months of every monthly fact (the log
-- table of migration 010 included), after aggregating them.
CREATE OR REPLACE FUNCTION reporting.drop_month_partitions(parent text, before timestamp, only_empty boolean) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    part    text;
    m       text[];
    dropped text[] := '{}';
    has_rows boolean;
BEGIN
    IF parent NOT IN ('fact_scenario_events', 'fact_input_changes', 'fact_node_calculations', 'fact_cloudwatch_log') THEN
        RAISE EXCEPTION 'not a partitioned fact table: %', parent;
    END IF;
    FOR part IN
        SELECT c.relname FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
          JOIN pg_class p ON p.oid = i.inhparent
          JOIN pg_namespace n ON n.oid = p.relnamespace
         WHERE n.nspname = 'reporting' AND p.relname = parent
         ORDER BY c.relname
    LOOP
        m := regexp_match(part, '_p(\d{4})_(\d{2})$');
        CONTINUE WHEN m IS NULL;
        CONTINUE WHEN (make_date(m[1]::int, m[2]::int, 1) + interval '1 month') > before;
        IF only_empty THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM reporting.%I)', part) INTO has_rows;
            CONTINUE WHEN has_rows;
        END IF;
        EXECUTE format('DROP TABLE reporting.%I', part);
        dropped := dropped || part;
    END LOOP;
    RETURN dropped;
END
$$;

-- The retention's probes (sql/retention/older_rows.sql) by time: user actions had no index on it.
CREATE INDEX IF NOT EXISTS fact_action_ts_idx ON reporting.fact_user_action (action_at);
