-- name: etl.load_dim_run
-- duration_seconds and the node counts are derived afterwards (refresh_run_stats.sql).
INSERT INTO reporting.dim_run AS t (run_id, scenario_id, run_status, run_at, run_complete_at, run_by, run_req_id, fail_reason, fail_signature, error_category)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamp[], $5::timestamp[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[])
ON CONFLICT (run_id) DO UPDATE SET
    scenario_id = EXCLUDED.scenario_id, run_status = EXCLUDED.run_status, run_at = EXCLUDED.run_at,
    run_complete_at = EXCLUDED.run_complete_at, run_by = EXCLUDED.run_by,
    run_req_id = EXCLUDED.run_req_id, fail_reason = EXCLUDED.fail_reason, fail_signature = EXCLUDED.fail_signature,
    error_category = EXCLUDED.error_category, etl_loaded_at = EXCLUDED.etl_loaded_at
-- Rows read again unchanged (the overlap window) are not written again.
WHERE (t.scenario_id, t.run_status, t.run_at, t.run_complete_at, t.run_by, t.run_req_id, t.fail_reason, t.fail_signature, t.error_category)
      IS DISTINCT FROM (EXCLUDED.scenario_id, EXCLUDED.run_status, EXCLUDED.run_at, EXCLUDED.run_complete_at, EXCLUDED.run_by, EXCLUDED.run_req_id, EXCLUDED.fail_reason, EXCLUDED.fail_signature, EXCLUDED.error_category)
