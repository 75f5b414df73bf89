-- name: verify.saves_reporting_keys
-- Input saves made in the window ($1 since, $2 until; NULL = open), on the reporting side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
SELECT d.node_data_id::text AS key, md5(row(d.node_data_id, d.scenario_id, d.node_id, d.changed_at, d.changed_by, d.request_id, d.end_at, d.current_hash, md5(d.input_data::text))::text) AS hash
  FROM reporting.fact_input_changes d
 WHERE ((d.changed_at >= $1::timestamp OR $1::timestamp IS NULL) AND (d.changed_at <= $2::timestamp OR $2::timestamp IS NULL))
   AND substr(d.node_data_id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
