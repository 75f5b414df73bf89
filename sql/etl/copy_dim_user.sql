-- name: etl.copy_dim_user
-- Bulk load of an empty schema (same columns, same order as load_dim_user.sql).
COPY reporting.dim_user (user_id, username, first_seen_at, last_seen_at) FROM STDIN
