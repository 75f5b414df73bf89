-- name: etl.reload_distributed
-- Whether the reporting database is a distributed PostgreSQL (Citus): there the reload's new
-- tables would be plain local tables, so a full reload deletes and loads in place instead
-- (delete_all.sql), as the partitions of a distributed table are the extension's to create.
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS distributed
