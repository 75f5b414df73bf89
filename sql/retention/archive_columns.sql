-- name: retention.archive_columns
-- The columns of archive table $1 its source table $2 also has (archived_at aside): what an
-- archive copies, by name.
SELECT a.column_name AS name
  FROM information_schema.columns a
  JOIN information_schema.columns s
    ON s.table_schema = 'reporting' AND s.table_name = $2 AND s.column_name = a.column_name
 WHERE a.table_schema = 'reporting' AND a.table_name = $1
 ORDER BY a.ordinal_position
