-- name: etl.load_calcs
INSERT INTO reporting.fact_node_calculations (scenario_id, calc_id, run_id, node_id, status, fail_reason, fail_signature, processing_start_at, processing_end_at, processing_duration)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamp[], $9::timestamp[], $10::numeric[])
ON CONFLICT (scenario_id, calc_id) DO UPDATE SET
    run_id = EXCLUDED.run_id, node_id = EXCLUDED.node_id, status = EXCLUDED.status, fail_reason = EXCLUDED.fail_reason,
    fail_signature = EXCLUDED.fail_signature, processing_start_at = EXCLUDED.processing_start_at,
    processing_end_at = EXCLUDED.processing_end_at, processing_duration = EXCLUDED.processing_duration
