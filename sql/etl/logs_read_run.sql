-- name: etl.logs_read_run
-- A run's log records from the reporting schema, as a live search finds them: within
-- [$4, $5], naming the run ($1), its request ($2) or its scenario ($3) (record_ids), found
-- through the run, request, scenario and correlation indexes; $6 one source kind or NULL;
-- at most $7 rows, time order.
SELECT l.log_timestamp AS timestamp, l.log_level AS level, l.log_source AS source, l.message, l.stack_trace AS stack,
       l.record_ids::text[] AS ids, l.origin, l.line_number AS line, l.log_group, l.log_stream
  FROM reporting.fact_cloudwatch_log l
 WHERE l.log_timestamp BETWEEN $4::timestamp AND $5::timestamp
   AND (l.run_id = $1::uuid OR l.request_id = $2::uuid OR l.scenario_id = $3::uuid
        OR l.correlation_id IN ($1::text, $2::text, $3::text))
   AND l.record_ids && array_remove(ARRAY[$1::uuid, $2::uuid, $3::uuid], NULL)
   AND ($6::text IS NULL OR l.log_source = $6::text)
 ORDER BY l.log_timestamp, l.log_source, l.origin, l.line_number NULLS FIRST, l.log_key
 LIMIT $7
