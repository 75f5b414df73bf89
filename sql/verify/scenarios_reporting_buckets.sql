-- name: verify.scenarios_reporting_buckets
-- Scenarios created in the window ($1 since, $2 until; NULL = open), on the reporting side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.scenarios_source_buckets.
SELECT substr(s.scenario_id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(s.scenario_id, s.model_id, s.scenario_name, s.scenario_status, s.is_starter, s.created_at, s.created_by, s.updated_at, s.updated_by, s.submitted_at, s.submitted_by, s.locked_at, s.locked_by)::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM reporting.dim_scenario s
 WHERE (s.created_at >= $1::timestamp OR $1::timestamp IS NULL) AND (s.created_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
