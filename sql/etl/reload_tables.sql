-- name: etl.reload_tables
-- A full reload over a loaded schema (src/etl/reload.ts): the tables it rebuilds ($1 names in
-- `reporting`), each with its partition key when it is partitioned.
SELECT c.relname AS table_name, c.relkind = 'p' AS partitioned,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'reporting' AND c.relname = ANY($1::text[])
 ORDER BY array_position($1::text[], c.relname::text)
