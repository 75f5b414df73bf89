-- name: etl.load_events
-- The primary key by name: (scenario_id, event_key), or with event_timestamp in the partitioned layout.
-- event_id (the design's surrogate key) comes from its sequence on insert and stays on update.
INSERT INTO reporting.fact_scenario_events AS t (scenario_id, event_key, event_type, event_rank, event_timestamp, event_user, node_id, run_id, request_id, event_description, event_details)
SELECT u.scenario_id, u.event_key, u.event_type, u.event_rank, u.event_timestamp, u.event_user, u.node_id, u.run_id, u.request_id, u.event_description, u.event_details::jsonb
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[], $5::timestamp[], $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[])
       AS u(scenario_id, event_key, event_type, event_rank, event_timestamp, event_user, node_id, run_id, request_id, event_description, event_details)
ON CONFLICT ON CONSTRAINT fact_scenario_events_pkey DO UPDATE SET
    event_type = EXCLUDED.event_type, event_rank = EXCLUDED.event_rank, event_timestamp = EXCLUDED.event_timestamp,
    event_user = EXCLUDED.event_user, node_id = EXCLUDED.node_id, run_id = EXCLUDED.run_id,
    request_id = EXCLUDED.request_id, event_description = EXCLUDED.event_description, event_details = EXCLUDED.event_details,
    etl_loaded_at = EXCLUDED.etl_loaded_at
-- Rows read again unchanged (the overlap window) are not written again.
WHERE (t.event_type, t.event_rank, t.event_timestamp, t.event_user, t.node_id, t.run_id, t.request_id, t.event_description, t.event_details)
      IS DISTINCT FROM (EXCLUDED.event_type, EXCLUDED.event_rank, EXCLUDED.event_timestamp, EXCLUDED.event_user, EXCLUDED.node_id, EXCLUDED.run_id, EXCLUDED.request_id, EXCLUDED.event_description, EXCLUDED.event_details)
