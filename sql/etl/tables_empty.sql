-- name: etl.tables_empty
-- Whether every table the ETL loads is empty (the first load): then it may load without
-- indexes and build them at the end (etl.ts, bulk path).
SELECT NOT EXISTS (SELECT 1 FROM reporting.dim_node)
   AND NOT EXISTS (SELECT 1 FROM reporting.dim_scenario)
   AND NOT EXISTS (SELECT 1 FROM reporting.dim_run)
   AND NOT EXISTS (SELECT 1 FROM reporting.dim_user)
   AND NOT EXISTS (SELECT 1 FROM reporting.fact_scenario_events)
   AND NOT EXISTS (SELECT 1 FROM reporting.fact_input_changes)
   AND NOT EXISTS (SELECT 1 FROM reporting.fact_node_calculations) AS empty
