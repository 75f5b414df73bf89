-- name: verify.retained_from
-- Where the facts the reporting schema keeps begin (NULL: all of them are there): the cutoff
-- the retention recorded (reporting.settings retained_from, migration 012: every ETL run keeps
-- that window, a full reload included). Before 012: the cutoff of the newest successful full
-- refresh that pruned (etl_run_log.pruned ->> 'cutoff'), unless a full reload of everything
-- (no --since, no retention) came after it; a retention logged before the cutoff was
-- recorded: the start of the oldest run whose node calcs are kept bounds it instead.
SELECT COALESCE(
         (SELECT s.value::timestamp FROM reporting.settings s WHERE s.name = 'retained_from'),
         (SELECT CASE
                   WHEN l.pruned IS NULL THEN NULL
                   ELSE COALESCE((l.pruned ->> 'cutoff')::timestamp, (SELECT min(c.run_at) FROM reporting.fact_node_calculations c))
                 END
            FROM reporting.etl_run_log l
           WHERE l.status = 'success' AND l.mode = 'full' AND (l.pruned IS NOT NULL OR l.since IS NULL)
           ORDER BY l.id DESC
           LIMIT 1)) AS retained_from
