-- name: etl.log_run
INSERT INTO reporting.etl_run_log (mode, started_at, finished_at, status, since, watermark_before, watermark_after, extracted, loaded, duration_ms, error, attempt)
VALUES ($1, $2::timestamp, (now() AT TIME ZONE 'UTC'), $3, $4::timestamp, $5::timestamp, $6::timestamp, $7::jsonb, $8::jsonb, $9, $10, $11)
RETURNING id
