-- name: verify.calcs_source_buckets
-- Node calcs of the runs started in the window ($1 since, $2 until; NULL = open), on the source side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.calcs_reporting_buckets.
SELECT substr(c.id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(c.id, c.run_id, r.scenario_id, c.model_node_id, c.status, c.fail_reason, c.processing_start_at, c.processing_end_at)::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM fc_scenario_node_calc c JOIN fc_scenario_run r ON r.id = c.run_id
 WHERE (r.run_at >= $1::timestamp OR $1::timestamp IS NULL) AND (r.run_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
