-- Migration 011: what the derived facts of 010 need, and the design's foreign keys.
--
-- 1. dim_run.design_category: the design's four categories of the run's failure
--    (src/core/errorCategory.ts designCategory of error_category and fail_reason), written by
--    the ETL with the run and backfilled here in TypeScript (src/etl/migrate.ts: the same
--    function, no second copy of the rules in SQL). fact_run_diagnostic.error_category reads it.
-- 2. Foreign keys, the design's "→ dimension" references (docs/design/reporting-design.md,
--    section 6.1 and the Power BI data model) as real constraints, fk_<fact>_<dimension>.
--    All DEFERRABLE INITIALLY DEFERRED: the ETL loads a window's runs and events before the
--    scenarios and users they name, inside one transaction; the check is at its commit.
--    PostgreSQL 12+ accepts a foreign key from a partitioned table to a plain one, so both
--    layouts have the same constraints. The derived facts follow their run and scenario
--    (ON DELETE CASCADE: retention deleting a run takes its diagnostic and transitions with
--    it); the first part's facts refuse the delete of a dimension row they name (NO ACTION),
--    and every delete path deletes children first. Not constrained, and why: docs/reporting.md
--    "Foreign keys" (fact_cloudwatch_log, whose run and scenario are set only when known, and
--    the user columns that name users of no event).
--
-- The facts of 010 are filled from the loaded tables after this migration (src/etl/migrate.ts
-- DERIVED_BACKFILLS, the ETL's own statements over every scenario and run).

ALTER TABLE reporting.dim_run ADD COLUMN IF NOT EXISTS design_category text;

DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN
        SELECT * FROM (VALUES
            -- The first part (section 6.1 and the Power BI data model).
            ('dim_run',                    'fk_run_scenario',      'scenario_id',          'dim_scenario', 'scenario_id', 'NO ACTION'),
            ('fact_scenario_events',       'fk_events_scenario',   'scenario_id',          'dim_scenario', 'scenario_id', 'NO ACTION'),
            ('fact_scenario_events',       'fk_events_user',       'event_user',           'dim_user',     'user_id',     'NO ACTION'),
            ('fact_scenario_events',       'fk_events_node',       'node_id',              'dim_node',     'node_id',     'NO ACTION'),
            ('fact_scenario_events',       'fk_events_run',        'run_id',               'dim_run',      'run_id',      'NO ACTION'),
            ('fact_input_changes',         'fk_changes_scenario',  'scenario_id',          'dim_scenario', 'scenario_id', 'NO ACTION'),
            ('fact_input_changes',         'fk_changes_node',      'node_id',              'dim_node',     'node_id',     'NO ACTION'),
            ('fact_node_calculations',     'fk_calcs_scenario',    'scenario_id',          'dim_scenario', 'scenario_id', 'NO ACTION'),
            ('fact_node_calculations',     'fk_calcs_run',         'run_id',               'dim_run',      'run_id',      'NO ACTION'),
            ('fact_node_calculations',     'fk_calcs_node',        'node_id',              'dim_node',     'node_id',     'NO ACTION'),
            -- The second part's derived facts.
            ('fact_scenario_state_change', 'fk_state_scenario',    'scenario_id',          'dim_scenario', 'scenario_id', 'CASCADE'),
            ('fact_scenario_state_change', 'fk_state_run',         'run_id',               'dim_run',      'run_id',      'CASCADE'),
            ('fact_user_action',           'fk_action_scenario',   'scenario_id',          'dim_scenario', 'scenario_id', 'CASCADE'),
            ('fact_user_action',           'fk_action_user',       'user_id',              'dim_user',     'user_id',     'NO ACTION'),
            ('fact_user_action',           'fk_action_node',       'node_id',              'dim_node',     'node_id',     'NO ACTION'),
            ('fact_user_action',           'fk_action_run',        'run_id',               'dim_run',      'run_id',      'CASCADE'),
            ('fact_run_diagnostic',        'fk_diagnostic_scenario', 'scenario_id',        'dim_scenario', 'scenario_id', 'CASCADE'),
            ('fact_run_diagnostic',        'fk_diagnostic_run',    'run_id',               'dim_run',      'run_id',      'CASCADE'),
            ('fact_run_diagnostic',        'fk_diagnostic_node',   'first_failed_node_id', 'dim_node',     'node_id',     'NO ACTION')
        ) AS v(tbl, name, col, ref, ref_col, on_delete)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_constraint c
                        WHERE c.conname = fk.name AND c.connamespace = 'reporting'::regnamespace) THEN
            EXECUTE format('ALTER TABLE reporting.%I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES reporting.%I (%I) ON DELETE %s DEFERRABLE INITIALLY DEFERRED',
                           fk.tbl, fk.name, fk.col, fk.ref, fk.ref_col, fk.on_delete);
        END IF;
    END LOOP;
END
$$;

-- User velocity (actions per day, scenarios touched, most common actions: the API) reads a
-- user's actions in a date range: (user_id, action_at) of 010 serves it; the session's
-- actions in order by (session_id) of 010. The run diagnostics of a category in a range:
-- 010's (error_category, run_at). Retention deletes runs: the derived facts' run_id are
-- indexed (010); events.node_id is not (a node leaves dim_node only in a rebuild, where its
-- events went first).
