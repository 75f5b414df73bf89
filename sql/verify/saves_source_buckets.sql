-- name: verify.saves_source_buckets
-- Input saves made in the window ($1 since, $2 until; NULL = open), on the source side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.saves_reporting_buckets.
SELECT substr(d.id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(d.id, d.scenario_id, d.model_node_id, d.created_at, d.created_by, d.created_req_id, d.end_at, d.input_hash, md5(d.input_data::text))::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM fc_scenario_node_data d
 WHERE (d.created_at >= $1::timestamp OR $1::timestamp IS NULL) AND (d.created_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
