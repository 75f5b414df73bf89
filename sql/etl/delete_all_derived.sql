-- name: etl.delete_all_derived
-- Before delete_all.sql (a rebuild): the derived facts of src/etl/derived.ts, children first
-- (their foreign keys name the dimensions delete_all empties). The log columns of
-- fact_run_diagnostic go with its rows: the logs step fills them again for the runs it finds.
-- The audit trail (migration 015's table) is filled again from them.
DELETE FROM reporting.view_scenario_audit_trail;
DELETE FROM reporting.fact_user_action;
DELETE FROM reporting.fact_scenario_state_change;
DELETE FROM reporting.fact_run_diagnostic;
