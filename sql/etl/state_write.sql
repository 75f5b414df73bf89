-- name: etl.state_write
INSERT INTO reporting.etl_state (name, watermark, last_success_at, last_mode)
VALUES ('default', $1::timestamp, (now() AT TIME ZONE 'UTC'), $2)
ON CONFLICT (name) DO UPDATE SET watermark = EXCLUDED.watermark, last_success_at = EXCLUDED.last_success_at, last_mode = EXCLUDED.last_mode
