-- name: etl.state_read
SELECT watermark, last_success_at, last_mode FROM reporting.etl_state WHERE name = 'default'
