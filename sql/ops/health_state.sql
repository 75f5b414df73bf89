-- name: ops.health_state
-- The last success and the database's clock (data age is measured on the clock that wrote it).
SELECT (now() AT TIME ZONE 'UTC') AS now, s.last_success_at, s.watermark
  FROM (SELECT 1) one
  LEFT JOIN reporting.etl_state s ON s.name = 'default'
