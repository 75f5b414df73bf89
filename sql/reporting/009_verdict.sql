-- Migration 009: the verdict (src/core/culprit/verdict.ts).
-- Infrastructure failures are recognised per kind now (a deadlock, a dropped connection, a
-- queue wait or a cloud read timeout were `database` or `timeout` before): the categories the
-- new rules may change are cleared here and set again by the ETL's rules in the same
-- transaction (src/etl/categories.ts), so the stored categories match the rules.
UPDATE reporting.dim_run SET error_category = NULL WHERE error_category IN ('timeout', 'database', 'other');
UPDATE reporting.fact_node_calculations SET error_category = NULL WHERE error_category IN ('timeout', 'database', 'other');

-- Failures near a run, by start time: the "same error in other models within the hour" read
-- (sql/queries/reporting/culprit_incident.sql) scans only the failures of that window.
CREATE INDEX IF NOT EXISTS dim_run_failed_at_idx
    ON reporting.dim_run (run_at)
    WHERE run_status IN ('failed', 'timeout') AND fail_reason IS NOT NULL;
