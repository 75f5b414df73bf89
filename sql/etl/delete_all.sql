-- name: etl.delete_all
-- A full load without --since over a loaded schema on a distributed engine (elsewhere the
-- reload builds new tables and swaps them in: src/etl/reload.ts) rebuilds everything inside
-- its transaction. DELETE, not TRUNCATE: readers keep seeing the previous data until the load
-- commits. Every table of src/etl/tables.ts (test/unit/etlSpec.test.ts checks the list).
DELETE FROM reporting.fact_scenario_events;
DELETE FROM reporting.fact_input_changes;
DELETE FROM reporting.fact_node_calculations;
DELETE FROM reporting.dim_run;
DELETE FROM reporting.dim_scenario;
DELETE FROM reporting.dim_node;
DELETE FROM reporting.dim_user;
