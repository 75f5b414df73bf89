-- name: verify.nodes_source_buckets
-- Model nodes (always whole: $1 and $2, the window, do not apply), on the source side: per key
-- bucket (first two hex digits), the row count and an order-independent checksum (the sum
-- of 60-bit hashes of the columns the ETL copies). Compared with verify.nodes_reporting_buckets.
SELECT substr(n.id::text, 1, 2) AS bucket,
       count(*)::bigint AS n,
       sum(('x' || substr(md5(row(n.id, n.model_id, n.node_display_name, n.node_type, n.node_group_name, n.node_seq)::text), 1, 15))::bit(60)::bigint)::text AS checksum
  FROM fc_model_node n
 WHERE num_nulls($1::timestamp, $2::timestamp) >= 0 -- always: no window for a dimension
 GROUP BY 1
