-- Reporting schema version 4: what operating the ETL as a service needs (src/ops): each
-- run's table sizes after it committed (health: row counts against the previous run), the
-- attempt number of scheduled retries, and what the retention pruned.
ALTER TABLE reporting.etl_run_log ADD COLUMN IF NOT EXISTS row_counts jsonb;
ALTER TABLE reporting.etl_run_log ADD COLUMN IF NOT EXISTS attempt integer NOT NULL DEFAULT 1;
ALTER TABLE reporting.etl_run_log ADD COLUMN IF NOT EXISTS pruned jsonb;

-- Retention (`--retain-days`) in the partitioned layout: drops the monthly partitions of a
-- fact table that end at or before `before` (with `only_empty`, only those left empty by
-- the batched deletes). Returns the partitions dropped. Harmless in the plain layout.
CREATE OR REPLACE FUNCTION reporting.drop_month_partitions(parent text, before timestamp, only_empty boolean) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    part    text;
    m       text[];
    dropped text[] := '{}';
    has_rows boolean;
BEGIN
    IF parent NOT IN ('fact_scenario_events', 'fact_input_changes', 'fact_node_calculations') THEN
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
