-- name: verify.saves_source_keys
-- Input saves made in the window ($1 since, $2 until; NULL = open), on the source side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
SELECT d.id::text AS key, md5(row(d.id, d.scenario_id, d.model_node_id, d.created_at, d.created_by, d.created_req_id, d.end_at, d.input_hash, md5(d.input_data::text))::text) AS hash
  FROM fc_scenario_node_data d
 WHERE ((d.created_at >= $1::timestamp OR $1::timestamp IS NULL) AND (d.created_at <= $2::timestamp OR $2::timestamp IS NULL))
   AND substr(d.id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
