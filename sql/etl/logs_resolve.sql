-- name: etl.logs_resolve
-- Records loaded before their run: those at or after $1 (recent ones only, through
-- fact_log_unresolved_idx) that name a run now in dim_run (its id, else its request id) get
-- the run, its request and its scenario, and the run's id as correlation_id. Returns the runs.
WITH waiting AS (
    SELECT l.log_key, l.log_timestamp, l.record_ids, l.scenario_id AS was_scenario_id
      FROM reporting.fact_cloudwatch_log l
     WHERE l.run_id IS NULL AND l.record_ids <> '{}' AND l.log_timestamp >= $1::timestamp
), found AS (
    SELECT w.log_key, w.log_timestamp, w.was_scenario_id, coalesce(rr.run_id, rq.run_id) AS run_id,
           coalesce(rr.scenario_id, rq.scenario_id) AS scenario_id, coalesce(rq.run_req_id, rr.run_req_id) AS request_id
      FROM waiting w
      LEFT JOIN LATERAL (SELECT r.run_id, r.scenario_id, r.run_req_id FROM reporting.dim_run r
                          WHERE r.run_id = ANY (w.record_ids) ORDER BY array_position(w.record_ids, r.run_id) LIMIT 1) rr ON true
      LEFT JOIN LATERAL (SELECT r.run_id, r.scenario_id, r.run_req_id FROM reporting.dim_run r
                          WHERE rr.run_id IS NULL AND r.run_req_id = ANY (w.record_ids)
                          ORDER BY array_position(w.record_ids, r.run_req_id), r.run_at DESC, r.run_id LIMIT 1) rq ON true
     WHERE rr.run_id IS NOT NULL OR rq.run_id IS NOT NULL
), updated AS (
    UPDATE reporting.fact_cloudwatch_log l
       SET run_id = f.run_id, scenario_id = f.scenario_id, request_id = f.request_id,
           correlation_id = f.run_id::text
      FROM found f
     WHERE l.log_key = f.log_key AND l.log_timestamp = f.log_timestamp
    RETURNING l.run_id, l.log_key, f.was_scenario_id
)
SELECT count(*)::int AS resolved, coalesce(array_agg(DISTINCT run_id), '{}') AS runs,
       coalesce(array_agg(log_key), '{}') AS keys, coalesce(array_agg(was_scenario_id), '{}') AS was_scenarios FROM updated
