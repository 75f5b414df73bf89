-- name: verify.nodes_source_keys
-- Model nodes (always whole: $1 and $2, the window, do not apply), on the source side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
SELECT n.id::text AS key, md5(row(n.id, n.model_id, n.node_display_name, n.node_type, n.node_group_name, n.node_seq)::text) AS hash
  FROM fc_model_node n
 WHERE (num_nulls($1::timestamp, $2::timestamp) >= 0 -- always: no window for a dimension)
   AND substr(n.id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
