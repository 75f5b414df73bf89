-- name: etl.load_dim_user
INSERT INTO reporting.dim_user AS t (user_id, first_seen_at, last_seen_at)
SELECT * FROM unnest($1::text[], $2::timestamp[], $3::timestamp[])
ON CONFLICT (user_id) DO UPDATE SET
    first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at)
WHERE EXCLUDED.first_seen_at < t.first_seen_at OR EXCLUDED.last_seen_at > t.last_seen_at
   OR t.first_seen_at IS NULL OR t.last_seen_at IS NULL
