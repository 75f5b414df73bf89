-- name: etl.logs_state_write
-- One source's position (or the summary row `logs`), written in the transaction of the batch it follows.
INSERT INTO reporting.etl_state (name, watermark, last_success_at, last_mode, position)
VALUES ($1, $2::timestamp, (now() AT TIME ZONE 'UTC'), 'logs', $3::jsonb)
ON CONFLICT (name) DO UPDATE SET watermark = EXCLUDED.watermark, last_success_at = EXCLUDED.last_success_at,
    last_mode = EXCLUDED.last_mode, position = EXCLUDED.position
