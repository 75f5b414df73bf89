-- name: verify.runs_source_keys
-- Runs started in the window ($1 since, $2 until; NULL = open), on the source side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
-- $4: the pseudonyms of the reporting copy (JSON object user id → pseudonym; NULL: plain user ids).
SELECT r.id::text AS key, md5(row(r.id, r.scenario_id, r.run_status, r.run_at, r.run_complete_at, COALESCE($4::jsonb ->> r.run_by, r.run_by), r.run_req_id, r.fail_reason)::text) AS hash
  FROM fc_scenario_run r
 WHERE ((r.run_at >= $1::timestamp OR $1::timestamp IS NULL) AND (r.run_at <= $2::timestamp OR $2::timestamp IS NULL))
   AND substr(r.id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
