-- name: admin.role_can_write
-- Whether the connected role could write to the ClearSight tables ($1: their names).
-- Every name schema-qualified: no object of the search_path can answer instead.
SELECT pg_catalog.bool_or(pg_catalog.has_table_privilege(c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE')) AS can_write
  FROM pg_catalog.pg_class c
 WHERE c.relname OPERATOR(pg_catalog.=) ANY($1::pg_catalog.text[]) AND c.relkind OPERATOR(pg_catalog.=) 'r'
