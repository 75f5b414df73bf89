-- name: etl.rescan_scenarios_take
-- Whether a migration asked for every scenario to be read again (a column new to dim_scenario,
-- e.g. 004's forecast_init_id); the mark goes with this run's commit.
DELETE FROM reporting.settings WHERE name = 'rescan_scenarios' RETURNING value
