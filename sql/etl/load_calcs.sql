-- name: etl.load_calcs
-- The primary key by name: (scenario_id, calc_id), or with run_at in the partitioned layout.
-- etl_loaded_at: the column's default (now) on insert, and on every update that changes the row.
INSERT INTO reporting.fact_node_calculations AS t (scenario_id, calc_id, run_id, node_id, calc_status, fail_reason, fail_signature, processing_start_at, processing_end_at, processing_duration_sec, run_at, error_category)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamp[], $9::timestamp[], $10::numeric[], $11::timestamp[], $12::text[])
ON CONFLICT ON CONSTRAINT fact_node_calculations_pkey DO UPDATE SET
    run_id = EXCLUDED.run_id, node_id = EXCLUDED.node_id, calc_status = EXCLUDED.calc_status, fail_reason = EXCLUDED.fail_reason,
    fail_signature = EXCLUDED.fail_signature, processing_start_at = EXCLUDED.processing_start_at,
    processing_end_at = EXCLUDED.processing_end_at, processing_duration_sec = EXCLUDED.processing_duration_sec, run_at = EXCLUDED.run_at,
    error_category = EXCLUDED.error_category, etl_loaded_at = EXCLUDED.etl_loaded_at
-- Rows read again unchanged (the overlap window) are not written again.
WHERE (t.run_id, t.node_id, t.calc_status, t.fail_reason, t.fail_signature, t.processing_start_at, t.processing_end_at, t.processing_duration_sec, t.run_at, t.error_category)
      IS DISTINCT FROM (EXCLUDED.run_id, EXCLUDED.node_id, EXCLUDED.calc_status, EXCLUDED.fail_reason, EXCLUDED.fail_signature, EXCLUDED.processing_start_at, EXCLUDED.processing_end_at, EXCLUDED.processing_duration_sec, EXCLUDED.run_at, EXCLUDED.error_category)
