-- name: verify.runs_source_buckets
-- Runs started in the window ($1 since, $2 until; NULL = open), on the source side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.runs_reporting_buckets.
-- $3: the pseudonyms of the reporting copy (JSON object user id → pseudonym; NULL: plain user ids).
SELECT substr(r.id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(r.id, r.scenario_id, r.run_status, r.run_at, r.run_complete_at, COALESCE($3::jsonb ->> r.run_by, r.run_by), r.run_req_id, r.fail_reason)::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM fc_scenario_run r
 WHERE (r.run_at >= $1::timestamp OR $1::timestamp IS NULL) AND (r.run_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
