-- name: etl.delete_run_events
-- Before re-loading runs $1 (of scenarios $2): their events (started, ended, failed node calcs).
DELETE FROM reporting.fact_scenario_events WHERE run_id = ANY($1::uuid[]) AND scenario_id = ANY($2::uuid[])
