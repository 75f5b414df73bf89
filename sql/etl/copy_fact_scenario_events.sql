-- name: etl.copy_fact_scenario_events
-- Bulk load of an empty schema (same columns, same order as load_events.sql).
COPY reporting.fact_scenario_events (scenario_id, event_key, event_type, event_rank, event_timestamp, event_user, node_id, run_id, request_id, event_description, event_details) FROM STDIN
