-- name: admin.role_can_write
-- Whether the connected role could write to the ClearSight tables ($1: their names).
SELECT bool_or(has_table_privilege(c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE')) AS can_write
  FROM pg_class c
 WHERE c.relname = ANY($1::text[]) AND c.relkind = 'r'
