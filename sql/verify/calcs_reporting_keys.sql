-- name: verify.calcs_reporting_keys
-- Node calcs of the runs started in the window ($1 since, $2 until; NULL = open), on the reporting side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
SELECT c.calc_id::text AS key, md5(row(c.calc_id, c.run_id, c.scenario_id, c.node_id, c.calc_status, c.fail_reason, c.processing_start_at, c.processing_end_at)::text) AS hash
  FROM reporting.fact_node_calculations c
 WHERE ((c.run_at >= $1::timestamp OR $1::timestamp IS NULL) AND (c.run_at <= $2::timestamp OR $2::timestamp IS NULL))
   AND substr(c.calc_id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
