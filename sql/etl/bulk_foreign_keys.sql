-- name: etl.bulk_foreign_keys
-- The foreign keys between the loaded reporting tables (migration 011), as statements that drop
-- them and add them again as defined. A first load drops them with the indexes (a key cannot
-- outlive the primary key it references) and adds them back after the indexes are built:
-- each is then checked once, by one join over the whole table, instead of a check per row.
-- On a partitioned table only the parent's constraint is listed (its partitions' follow it).
SELECT t.relname AS table_name, c.conname AS index_name,
       format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, c.conname) AS drop_sql,
       format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid)) AS create_sql
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE c.contype = 'f' AND n.nspname = 'reporting' AND c.conparentid = 0
   AND (t.relname = ANY($1::text[]) OR c.confrelid IN (SELECT r.oid FROM pg_class r WHERE r.relnamespace = n.oid AND r.relname = ANY($1::text[])))
 ORDER BY t.relname, c.conname
