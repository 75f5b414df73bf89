-- name: etl.reload_dependents
-- What depends on the tables a reload swaps ($1 names in `reporting`) and would stop their
-- old versions being dropped: views and materialized views (with their indexes, recreated
-- after the swap), foreign keys from or to them (added again, and so checked, after the swap),
-- sequences their columns own (handed to the new tables), their triggers (migration 014's
-- write marks), and the grants on all of these.
-- One row each: kind, the statement that drops or detaches it (NULL: goes with the old table)
-- and the statements that make it again.
WITH swapped AS (
    SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'reporting' AND c.relname = ANY($1::text[])),
views AS (
    SELECT DISTINCT v.oid, vn.nspname, v.relname, v.relkind
      FROM pg_depend d
      JOIN pg_rewrite r ON r.oid = d.objid
      JOIN pg_class v ON v.oid = r.ev_class
      JOIN pg_namespace vn ON vn.oid = v.relnamespace
     WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
       AND d.refobjid IN (SELECT oid FROM swapped) AND v.oid NOT IN (SELECT oid FROM swapped))
SELECT 'view' AS kind,
       format('DROP %s %I.%I', CASE WHEN v.relkind = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v.nspname, v.relname) AS drop_sql,
       array_prepend(
         format('CREATE %s %I.%I AS %s', CASE WHEN v.relkind = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v.nspname, v.relname,
                rtrim(pg_get_viewdef(v.oid), ';')),
         coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid) ORDER BY i.indexrelid) FROM pg_index i WHERE i.indrelid = v.oid), '{}')
         || coalesce((SELECT array_agg(format('GRANT %s ON %I.%I TO %s', a.privilege_type, v.nspname, v.relname,
                                             CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END))
                        FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = v.oid AND a.grantee <> c.relowner), '{}')) AS create_sql
  FROM views v
UNION ALL
SELECT 'foreign key',
       CASE WHEN k.conrelid IN (SELECT oid FROM swapped) THEN NULL
            ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname) END,
       ARRAY[format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid))]
  FROM pg_constraint k
 WHERE k.contype = 'f' AND k.conparentid = 0
   AND (k.conrelid IN (SELECT oid FROM swapped) OR k.confrelid IN (SELECT oid FROM swapped))
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
