-- name: etl.analyze
-- After a first (bulk) load: planner statistics now, not when autovacuum gets to it. The
-- fact tables on the columns queries filter and join on (not the JSON and text payloads).
ANALYZE reporting.dim_node, reporting.dim_scenario, reporting.dim_run, reporting.dim_user,
        reporting.fact_scenario_events (scenario_id, event_key, event_type, event_timestamp, event_user, node_id, run_id, request_id),
        reporting.fact_input_changes (scenario_id, node_data_id, node_id, changed_at, changed_by, request_id, end_at, is_change),
        reporting.fact_node_calculations (scenario_id, calc_id, run_id, node_id, calc_status, processing_end_at)
