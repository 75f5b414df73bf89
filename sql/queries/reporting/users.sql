-- name: reporting.users
-- Users (dim_user) for the User Journey picker: $1 ILIKE pattern on the id (NULL = all),
-- $2 limit, $3 one exact user id (NULL = any). Most recently active first.
SELECT u.user_id, u.first_seen_at, u.last_seen_at
  FROM reporting.dim_user u
 WHERE ($1::text IS NULL OR u.user_id ILIKE $1::text)
   AND ($3::text IS NULL OR u.user_id = $3::text)
 ORDER BY u.last_seen_at DESC NULLS LAST, u.user_id
 LIMIT $2
