-- name: verify.calcs_reporting_buckets
-- Node calcs of the runs started in the window ($1 since, $2 until; NULL = open), on the reporting side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.calcs_source_buckets.
SELECT substr(c.calc_id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(c.calc_id, c.run_id, c.scenario_id, c.node_id, c.calc_status, c.fail_reason, c.processing_start_at, c.processing_end_at)::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM reporting.fact_node_calculations c
 WHERE (c.run_at >= $1::timestamp OR $1::timestamp IS NULL) AND (c.run_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
