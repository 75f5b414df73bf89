-- name: verify.saves_source_keys
-- Input saves made in the window ($1 since, $2 until; NULL = open), on the source side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
-- $4: the pseudonyms of the reporting copy (JSON object user id → pseudonym; NULL: plain user ids);
-- $5: the copy withholds input values (then input_data is left out, as it is NULL there).
SELECT d.id::text AS key, md5(row(d.id, d.scenario_id, d.model_node_id, d.created_at, COALESCE($4::jsonb ->> d.created_by, d.created_by), d.created_req_id, d.end_at, d.input_hash, CASE WHEN $5::boolean THEN NULL ELSE md5(d.input_data::text) END)::text) AS hash
  FROM fc_scenario_node_data d
 WHERE ((d.created_at >= $1::timestamp OR $1::timestamp IS NULL) AND (d.created_at <= $2::timestamp OR $2::timestamp IS NULL))
   AND substr(d.id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
