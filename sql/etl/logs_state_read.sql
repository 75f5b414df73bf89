-- name: etl.logs_state_read
-- The log load's positions: the summary row `logs` and one row `logs:<source>` per source read.
SELECT name, watermark, last_success_at, position FROM reporting.etl_state WHERE name = 'logs' OR name LIKE 'logs:%' ORDER BY name
