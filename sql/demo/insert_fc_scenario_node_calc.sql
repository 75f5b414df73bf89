-- Demo seed: loads a batch of fc_scenario_node_calc rows (one array parameter per column).
INSERT INTO fc_scenario_node_calc (id, run_id, model_node_id, status, fail_reason, processing_start_at, processing_end_at, processing_duration)
SELECT u.id, u.run_id, u.model_node_id, u.status, u.fail_reason, u.processing_start_at, u.processing_end_at, u.processing_duration
FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamp[], $7::timestamp[], $8::numeric[])
    AS u (id, run_id, model_node_id, status, fail_reason, processing_start_at, processing_end_at, processing_duration)
