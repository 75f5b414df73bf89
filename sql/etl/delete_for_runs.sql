-- name: etl.delete_for_runs
-- Before re-loading runs $1 (of scenarios $2, the fact's leading key: the shards of those
-- scenarios only on a distributed engine): their node calcs (a calc may disappear or change);
-- their events go with delete_run_events.sql (one table per statement, as distributed engines want it).
DELETE FROM reporting.fact_node_calculations WHERE run_id = ANY($1::uuid[]) AND scenario_id = ANY($2::uuid[])
