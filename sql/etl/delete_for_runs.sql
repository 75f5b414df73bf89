-- name: etl.delete_for_runs
-- Before re-loading runs: their node calcs (a calc may disappear or change); their events
-- go with delete_run_events.sql (one table per statement, as distributed engines want it).
DELETE FROM reporting.fact_node_calculations WHERE run_id = ANY($1::uuid[])
