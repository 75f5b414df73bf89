-- name: etl.source_clock
-- The source's own clock at extraction (the start of the extracting transaction, UTC): the
-- watermark never passes it, whatever timestamps the rows carry.
SELECT (now() AT TIME ZONE 'UTC') AS now
