-- name: etl.log_counts
-- The table sizes a successful run leaves (inside its transaction), for the health check, and
-- what the retention pruned ($2: counts per table, partitions_dropped, and the `cutoff` the facts
-- kept start from, which `etl --verify` reads: sql/verify/retained_from.sql).
UPDATE reporting.etl_run_log
   SET row_counts = jsonb_build_object(
         'dim_node', (SELECT count(*) FROM reporting.dim_node),
         'dim_scenario', (SELECT count(*) FROM reporting.dim_scenario),
         'dim_run', (SELECT count(*) FROM reporting.dim_run),
         'dim_user', (SELECT count(*) FROM reporting.dim_user),
         'fact_scenario_events', (SELECT count(*) FROM reporting.fact_scenario_events),
         'fact_input_changes', (SELECT count(*) FROM reporting.fact_input_changes),
         'fact_node_calculations', (SELECT count(*) FROM reporting.fact_node_calculations)),
       pruned = $2::jsonb
 WHERE id = $1
