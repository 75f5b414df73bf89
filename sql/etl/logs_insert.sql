-- name: etl.logs_insert
-- A batch of log records (column arrays, src/etl/logs/rows.ts), each resolved against the
-- dimensions as it goes in: the first run the record names (else the run whose request id it
-- names) gives run_id, request_id and scenario_id; else a scenario it names gives scenario_id.
-- correlation_id is the id that linked it (run, request, scenario), else the first id it names.
-- log_key is unique per record: a record read again adds nothing. Returns the rows added, the
-- runs they belong to and their keys (for the audit trail).
WITH u AS (
    SELECT * FROM unnest($1::text[], $2::timestamp[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::text[], $14::text[])
        AS u(log_key, log_timestamp, log_level, message, stack_trace, error_category, error_category_detail,
             log_source, log_group, log_stream, origin, line_number, metadata, ids)
), added AS (
    INSERT INTO reporting.fact_cloudwatch_log AS t
        (log_key, log_timestamp, log_level, message, stack_trace, correlation_id, scenario_id, run_id, request_id,
         error_category, error_category_detail, log_source, log_group, log_stream, origin, line_number, metadata, record_ids)
    SELECT u.log_key, u.log_timestamp, u.log_level, u.message, u.stack_trace,
           coalesce(rr.run_id, rq.run_req_id, sc.scenario_id, i.ids[1])::text,
           coalesce(rr.scenario_id, rq.scenario_id, sc.scenario_id),
           coalesce(rr.run_id, rq.run_id),
           coalesce(rq.run_req_id, rr.run_req_id),
           u.error_category, u.error_category_detail, u.log_source, u.log_group, u.log_stream, u.origin,
           u.line_number, u.metadata::jsonb, i.ids
      FROM u
     CROSS JOIN LATERAL (SELECT u.ids::uuid[] AS ids) i
      LEFT JOIN LATERAL (SELECT r.run_id, r.scenario_id, r.run_req_id FROM reporting.dim_run r
                          WHERE r.run_id = ANY (i.ids) ORDER BY array_position(i.ids, r.run_id) LIMIT 1) rr ON i.ids <> '{}'
      LEFT JOIN LATERAL (SELECT r.run_id, r.scenario_id, r.run_req_id FROM reporting.dim_run r
                          WHERE rr.run_id IS NULL AND r.run_req_id = ANY (i.ids)
                          ORDER BY array_position(i.ids, r.run_req_id), r.run_at DESC, r.run_id LIMIT 1) rq ON i.ids <> '{}'
      LEFT JOIN LATERAL (SELECT s.scenario_id FROM reporting.dim_scenario s
                          WHERE rr.run_id IS NULL AND rq.run_id IS NULL AND s.scenario_id = ANY (i.ids)
                          ORDER BY array_position(i.ids, s.scenario_id) LIMIT 1) sc ON i.ids <> '{}'
    ON CONFLICT DO NOTHING
    RETURNING t.run_id, t.log_key
)
SELECT count(*)::int AS added, coalesce(array_agg(DISTINCT run_id) FILTER (WHERE run_id IS NOT NULL), '{}') AS runs,
       coalesce(array_agg(log_key), '{}') AS keys FROM added
