-- name: verify.scenarios_source_buckets
-- Scenarios created in the window ($1 since, $2 until; NULL = open), on the source side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.scenarios_reporting_buckets.
-- $3: the pseudonyms of the reporting copy (JSON object user id → pseudonym; NULL: plain user ids).
SELECT substr(s.id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(s.id, s.model_id, s.scenario_display_name, s.status, s.is_starter, s.created_at, COALESCE($3::jsonb ->> s.created_by, s.created_by), s.updated_at, COALESCE($3::jsonb ->> s.updated_by, s.updated_by), s.submitted_at, COALESCE($3::jsonb ->> s.submitted_by, s.submitted_by), s.locked_at, COALESCE($3::jsonb ->> s.locked_by, s.locked_by))::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM fc_scenario s
 WHERE (s.created_at >= $1::timestamp OR $1::timestamp IS NULL) AND (s.created_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
