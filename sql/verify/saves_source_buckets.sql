-- name: verify.saves_source_buckets
-- Input saves made in the window ($1 since, $2 until; NULL = open), on the source side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.saves_reporting_buckets.
-- $3: the pseudonyms of the reporting copy (JSON object user id → pseudonym; NULL: plain user ids);
-- $4: the copy withholds input values (then input_data is left out, as it is NULL there).
SELECT substr(d.id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(d.id, d.scenario_id, d.model_node_id, d.created_at, COALESCE($3::jsonb ->> d.created_by, d.created_by), d.created_req_id, d.end_at, d.input_hash, CASE WHEN $4::boolean THEN NULL ELSE md5(d.input_data::text) END)::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM fc_scenario_node_data d
 WHERE (d.created_at >= $1::timestamp OR $1::timestamp IS NULL) AND (d.created_at <= $2::timestamp OR $2::timestamp IS NULL)
 GROUP BY 1
