-- name: etl.reload_partitions
-- The partitions of the tables a reload built in its staging schema ($1 names): moved into
-- `reporting` with their parents.
SELECT p.relname AS partition_name
  FROM pg_inherits h
  JOIN pg_class p ON p.oid = h.inhrelid
  JOIN pg_class t ON t.oid = h.inhparent
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = 'reporting_reload' AND t.relname = ANY($1::text[])
