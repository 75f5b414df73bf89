-- name: retention.older_rows
-- Which tables hold rows dated before $1 (index probes, so that an ETL run keeping the
-- retained window costs next to nothing when nothing came back). The node calcs and run
-- diagnostics of a run go with it: `runs` answers for them.
SELECT EXISTS (SELECT 1 FROM reporting.dim_run WHERE run_at < $1::timestamp) AS runs,
       EXISTS (SELECT 1 FROM reporting.fact_scenario_events WHERE event_timestamp < $1::timestamp) AS fact_scenario_events,
       EXISTS (SELECT 1 FROM reporting.fact_scenario_state_change WHERE changed_at < $1::timestamp) AS fact_scenario_state_change,
       EXISTS (SELECT 1 FROM reporting.fact_user_action WHERE action_at < $1::timestamp) AS fact_user_action,
       EXISTS (SELECT 1 FROM reporting.fact_cloudwatch_log WHERE log_timestamp < $1::timestamp) AS fact_cloudwatch_log,
       EXISTS (SELECT 1 FROM reporting.fact_input_changes WHERE changed_at < $1::timestamp AND end_at < $1::timestamp) AS fact_input_changes
