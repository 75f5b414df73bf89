-- name: etl.delete_run_events
-- Before re-loading runs: their events (started, ended, failed node calcs).
DELETE FROM reporting.fact_scenario_events WHERE run_id = ANY($1::uuid[])
