-- name: etl.reload_views
-- A full reload (src/etl/reload.ts): the views and materialized views that read the tables it
-- swaps ($1 names in `reporting`), or read such views, in the order they were created, each with the statements
-- that make it again (CREATE over the same definition, its indexes, its grants). The reload
-- runs them on its staging schema, over the new tables, before the swap; a view in another
-- schema it cannot move (then it deletes and loads in place).
WITH RECURSIVE swapped AS (
    SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'reporting' AND c.relname = ANY($1::text[])),
-- Views over the tables, and views over those views (each would stop the one below being dropped).
views AS (
    SELECT r.ev_class AS oid
      FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
     WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
       AND d.refobjid IN (SELECT oid FROM swapped) AND r.ev_class NOT IN (SELECT oid FROM swapped)
    UNION
    SELECT r.ev_class
      FROM views w
      JOIN pg_depend d ON d.refobjid = w.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
      JOIN pg_rewrite r ON r.oid = d.objid
     WHERE r.ev_class <> w.oid),
found AS (
    SELECT DISTINCT v.oid, vn.nspname, v.relname, v.relkind
      FROM views w JOIN pg_class v ON v.oid = w.oid JOIN pg_namespace vn ON vn.oid = v.relnamespace)
SELECT v.nspname AS schema, v.relname AS name,
       v.relkind = 'm' AS materialized,
       array_prepend(
         format('CREATE %s %I.%I AS %s', CASE WHEN v.relkind = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v.nspname, v.relname,
                rtrim(pg_get_viewdef(v.oid), ';')),
         coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid) ORDER BY i.indexrelid) FROM pg_index i WHERE i.indrelid = v.oid), '{}')
         || coalesce((SELECT array_agg(format('GRANT %s ON %I.%I TO %s', a.privilege_type, v.nspname, v.relname,
                                             CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END))
                        FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = v.oid AND a.grantee <> c.relowner), '{}')) AS create_sql
  FROM found v
 ORDER BY v.oid
