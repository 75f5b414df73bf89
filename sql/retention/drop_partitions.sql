-- name: retention.drop_partitions
-- Partitioned layout: the whole months of fact table $1 that end at or before $2 go at once.
SELECT reporting.drop_month_partitions($1, $2::timestamp, $3) AS dropped
