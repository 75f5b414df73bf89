-- name: verify.nodes_reporting_keys
-- Model nodes (always whole: $1 and $2, the window, do not apply), on the reporting side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
SELECT n.node_id::text AS key, md5(row(n.node_id, n.model_id, n.node_name, n.node_type, n.node_group_name, n.node_seq)::text) AS hash
  FROM reporting.dim_node n
 WHERE (num_nulls($1::timestamp, $2::timestamp) >= 0 -- always: no window for a dimension)
   AND substr(n.node_id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
