-- Migration 014 (issue 26): which transaction last wrote each table the ETL loads, so that an
-- incremental run can count the rows it leaves from the previous run's counts and its own
-- changes (src/etl/counts.ts) when nobody else wrote since, and counts them (`count(*)`) when
-- somebody did: the health check compares two runs' counts to see rows lost outside the ETL.
-- A statement-level trigger (one call per statement, whatever its rows: COPY included) marks
-- the table with its transaction; etl_run_log.xact is the transaction of each successful run.
CREATE TABLE IF NOT EXISTS reporting.table_writes (
    table_name text PRIMARY KEY,
    last_xact  xid8 NOT NULL
);
ALTER TABLE reporting.etl_run_log ADD COLUMN IF NOT EXISTS xact xid8;

CREATE OR REPLACE FUNCTION reporting.mark_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reporting.table_writes AS w (table_name, last_xact) VALUES (TG_TABLE_NAME, pg_current_xact_id())
    ON CONFLICT (table_name) DO UPDATE SET last_xact = EXCLUDED.last_xact WHERE w.last_xact <> EXCLUDED.last_xact;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dim_node', 'dim_scenario', 'dim_run', 'dim_user', 'fact_scenario_events', 'fact_input_changes', 'fact_node_calculations',
                            'fact_scenario_state_change', 'fact_user_action', 'fact_run_diagnostic'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON reporting.%I', t || '_writes', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reporting.%I FOR EACH STATEMENT EXECUTE FUNCTION reporting.mark_write()',
                       t || '_writes', t);
    END LOOP;
END
$$;
