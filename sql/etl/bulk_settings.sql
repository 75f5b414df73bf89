-- name: etl.bulk_settings
-- The first load builds every index of the reporting schema at the end: sort in memory.
SET LOCAL maintenance_work_mem = '256MB'
