-- name: verify.scenarios_source_keys
-- Scenarios created in the window ($1 since, $2 until; NULL = open), on the source side: the key and
-- row hash of each row in the key buckets $3 (those whose checksums differ), by key.
-- $4: the pseudonyms of the reporting copy (JSON object user id → pseudonym; NULL: plain user ids).
SELECT s.id::text AS key, md5(row(s.id, s.model_id, s.scenario_display_name, s.status, s.is_starter, s.created_at, COALESCE($4::jsonb ->> s.created_by, s.created_by), s.updated_at, COALESCE($4::jsonb ->> s.updated_by, s.updated_by), s.submitted_at, COALESCE($4::jsonb ->> s.submitted_by, s.submitted_by), s.locked_at, COALESCE($4::jsonb ->> s.locked_by, s.locked_by))::text) AS hash
  FROM fc_scenario s
 WHERE ((s.created_at >= $1::timestamp OR $1::timestamp IS NULL) AND (s.created_at <= $2::timestamp OR $2::timestamp IS NULL))
   AND substr(s.id::text, 1, 2) = ANY($3::text[])
 ORDER BY 1
