-- name: etl.ensure_partitions
-- Partitioned layout: the monthly partitions a batch is about to go into ($2: a day of each month).
SELECT reporting.ensure_month_partitions($1, $2::date[]) AS created
