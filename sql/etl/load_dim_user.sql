-- name: etl.load_dim_user
-- username: the source knows users only by their id.
INSERT INTO reporting.dim_user AS t (user_id, username, first_seen_at, last_seen_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::timestamp[])
ON CONFLICT (user_id) DO UPDATE SET
    username = EXCLUDED.username,
    first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at),
    etl_loaded_at = EXCLUDED.etl_loaded_at
WHERE EXCLUDED.first_seen_at < t.first_seen_at OR EXCLUDED.last_seen_at > t.last_seen_at
   OR t.first_seen_at IS NULL OR t.last_seen_at IS NULL OR t.username IS DISTINCT FROM EXCLUDED.username
