-- name: etl.bulk_indexes
-- The indexes (primary keys first) of the loaded reporting tables, as statements that drop
-- them and create them again exactly as the migrations defined them. A first load into
-- empty tables drops them inside its transaction and builds them after the rows are in
-- (one sort per index instead of a random insert per row and index). On a partitioned
-- table the statements act on the parent and so on every partition.
SELECT t.relname AS table_name, i.relname AS index_name,
       CASE WHEN c.conname IS NOT NULL
            THEN format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, c.conname)
            ELSE format('DROP INDEX %I.%I', n.nspname, i.relname) END AS drop_sql,
       CASE WHEN c.conname IS NOT NULL
            THEN format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid))
            ELSE replace(pg_get_indexdef(i.oid), ' ON ONLY ', ' ON ') END AS create_sql
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = t.oid AND c.contype IN ('p', 'u')
 WHERE n.nspname = 'reporting' AND t.relname = ANY($1::text[])
 ORDER BY (c.conname IS NULL), t.relname, i.relname
