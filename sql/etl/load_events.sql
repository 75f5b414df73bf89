-- name: etl.load_events
-- The primary key by name: (scenario_id, event_key), or with event_timestamp in the partitioned layout.
INSERT INTO reporting.fact_scenario_events AS t (scenario_id, event_key, event_type, event_rank, event_timestamp, event_user, node_id, run_id, request_id, description, details)
SELECT u.scenario_id, u.event_key, u.event_type, u.event_rank, u.event_timestamp, u.event_user, u.node_id, u.run_id, u.request_id, u.description, u.details::jsonb
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[], $5::timestamp[], $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[])
       AS u(scenario_id, event_key, event_type, event_rank, event_timestamp, event_user, node_id, run_id, request_id, description, details)
ON CONFLICT ON CONSTRAINT fact_scenario_events_pkey DO UPDATE SET
    event_type = EXCLUDED.event_type, event_rank = EXCLUDED.event_rank, event_timestamp = EXCLUDED.event_timestamp,
    event_user = EXCLUDED.event_user, node_id = EXCLUDED.node_id, run_id = EXCLUDED.run_id,
    request_id = EXCLUDED.request_id, description = EXCLUDED.description, details = EXCLUDED.details
-- Rows read again unchanged (the overlap window) are not written again.
WHERE (t.event_type, t.event_rank, t.event_timestamp, t.event_user, t.node_id, t.run_id, t.request_id, t.description, t.details)
      IS DISTINCT FROM (EXCLUDED.event_type, EXCLUDED.event_rank, EXCLUDED.event_timestamp, EXCLUDED.event_user, EXCLUDED.node_id, EXCLUDED.run_id, EXCLUDED.request_id, EXCLUDED.description, EXCLUDED.details)
