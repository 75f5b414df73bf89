-- name: etl.delete_for_runs
-- Before re-loading runs: their events and node calcs (a calc may disappear or change).
WITH e AS (DELETE FROM reporting.fact_scenario_events WHERE run_id = ANY($1::uuid[]))
DELETE FROM reporting.fact_node_calculations WHERE run_id = ANY($1::uuid[])
