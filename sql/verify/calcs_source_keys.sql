-- name: verify.calcs_source_keys
-- Node calcs of the runs started in the window ($1 since, $2 until; NULL = open), on the source side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
SELECT c.id::text AS key, md5(row(c.id, c.run_id, r.scenario_id, c.model_node_id, c.status, c.fail_reason, c.processing_start_at, c.processing_end_at)::text) AS hash
  FROM fc_scenario_node_calc c JOIN fc_scenario_run r ON r.id = c.run_id
 WHERE ((r.run_at >= $1::timestamp OR $1::timestamp IS NULL) AND (r.run_at <= $2::timestamp OR $2::timestamp IS NULL))
   AND substr(c.id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
