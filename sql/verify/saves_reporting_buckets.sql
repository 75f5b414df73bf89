-- name: verify.saves_reporting_buckets
-- Input saves made in the window ($1 since, $2 until; NULL = open), on the reporting side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.saves_source_buckets.
SELECT substr(d.node_data_id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(d.node_data_id, d.scenario_id, d.node_id, d.changed_at, d.changed_by, d.request_id, d.end_at, d.current_hash, md5(d.input_data::text))::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM reporting.fact_input_changes d
 WHERE (d.changed_at >= $1::timestamp OR $1::timestamp IS NULL) AND (d.changed_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
