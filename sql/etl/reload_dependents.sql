-- name: etl.reload_dependents
-- A full reload (src/etl/reload.ts): what outside the tables it swaps ($1 names in `reporting`)
-- belongs to them and is made again on the new tables after the swap: foreign keys of other
-- tables pointing at them (dropped before, added again and so checked after), the sequences
-- their columns own (handed to the new tables), their triggers (migration 014's write marks)
-- and their grants. (Their indexes, their own foreign keys and the views over them are built in
-- the staging schema: reload_views.sql, bulk_indexes.sql, bulk_foreign_keys.sql.)
-- One row each: kind, the statement that detaches it from the old table (NULL: goes with the
-- old table) and the statements that make it again.
WITH swapped AS (
    SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'reporting' AND c.relname = ANY($1::text[]))
SELECT 'foreign key' AS kind,
       format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname) AS drop_sql,
       ARRAY[format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid))] AS create_sql
  FROM pg_constraint k
 WHERE k.contype = 'f' AND k.conparentid = 0
   AND k.confrelid IN (SELECT oid FROM swapped) AND k.conrelid NOT IN (SELECT oid FROM swapped)
UNION ALL
SELECT 'sequence',
       format('ALTER SEQUENCE %s OWNED BY NONE', s.oid::regclass),
       ARRAY[format('ALTER SEQUENCE %s OWNED BY %s.%I', s.oid::regclass, t.oid::regclass, a.attname)]
  FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
   AND t.oid IN (SELECT oid FROM swapped)
UNION ALL
SELECT 'grant', NULL,
       ARRAY[format('GRANT %s ON %s TO %s', a.privilege_type, c.oid::regclass,
                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)]
  FROM pg_class c, aclexplode(c.relacl) a
 WHERE c.oid IN (SELECT oid FROM swapped) AND a.grantee <> c.relowner
UNION ALL
SELECT 'trigger', NULL, ARRAY[pg_get_triggerdef(g.oid)]
  FROM pg_trigger g
 WHERE g.tgrelid IN (SELECT oid FROM swapped) AND NOT g.tgisinternal AND g.tgparentid = 0
