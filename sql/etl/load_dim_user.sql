-- name: etl.load_dim_user
INSERT INTO reporting.dim_user (user_id, first_seen_at, last_seen_at)
SELECT * FROM unnest($1::text[], $2::timestamp[], $3::timestamp[])
ON CONFLICT (user_id) DO UPDATE SET
    first_seen_at = LEAST(reporting.dim_user.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(reporting.dim_user.last_seen_at, EXCLUDED.last_seen_at)
