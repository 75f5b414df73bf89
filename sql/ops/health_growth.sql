-- name: ops.health_growth
-- The run log's UTC days since $1 (oldest first), for the health metric row_count_growth: the
-- reporting tables' total rows after each day's last successful run (etl_run_log.row_counts)
-- and the rows the retention moved out that day (the numbers of etl_run_log.pruned).
WITH runs AS (
    SELECT l.id, l.started_at::date AS day, l.row_counts, l.pruned
      FROM reporting.etl_run_log l
     WHERE l.status = 'success' AND l.row_counts IS NOT NULL AND l.started_at >= $1::timestamp
), last_of_day AS (
    SELECT DISTINCT ON (r.day) r.day, (SELECT coalesce(sum((c.value #>> '{}')::numeric), 0) FROM jsonb_each(r.row_counts) c WHERE jsonb_typeof(c.value) = 'number') AS total
      FROM runs r
     ORDER BY r.day, r.id DESC
), pruned AS (
    SELECT r.day, sum((SELECT coalesce(sum((p.value #>> '{}')::numeric), 0) FROM jsonb_each(r.pruned) p WHERE jsonb_typeof(p.value) = 'number')) AS pruned
      FROM runs r
     WHERE r.pruned IS NOT NULL
     GROUP BY r.day
)
SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.total, coalesce(p.pruned, 0) AS pruned
  FROM last_of_day d
  LEFT JOIN pruned p ON p.day = d.day
 ORDER BY d.day
