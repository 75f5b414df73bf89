-- name: reporting.rca_run_log_counts
-- A run's log records: all of them, those at level rank $2 or above (fatal/critical 5, error 4,
-- warn 3, info 2, debug/trace 1, none 0), its error records (error and above), their texts
-- (message, then stack: the verdict's evidence, oldest first, at most 50) and the first stack trace.
SELECT count(*) AS records,
       count(*) FILTER (WHERE r.rank >= $2) AS matching,
       count(*) FILTER (WHERE r.rank >= 4) AS errors,
       coalesce((SELECT array_agg(e.text ORDER BY e.log_timestamp, e.log_key)
                   FROM (SELECT x.log_timestamp, x.log_key,
                                CASE WHEN x.stack_trace IS NULL THEN x.message ELSE x.message || E'\n' || x.stack_trace END AS text
                           FROM reporting.fact_cloudwatch_log x
                          WHERE x.run_id = $1 AND lower(coalesce(x.log_level, '')) IN ('error', 'fatal', 'critical')
                          ORDER BY x.log_timestamp, x.log_key
                          LIMIT 50) e), '{}') AS error_texts,
       (SELECT x.stack_trace FROM reporting.fact_cloudwatch_log x
         WHERE x.run_id = $1 AND x.stack_trace IS NOT NULL AND lower(coalesce(x.log_level, '')) IN ('error', 'fatal', 'critical')
         ORDER BY x.log_timestamp, x.log_key LIMIT 1) AS first_stack_trace
  FROM (SELECT CASE lower(coalesce(l.log_level, '')) WHEN 'fatal' THEN 5 WHEN 'critical' THEN 5 WHEN 'error' THEN 4
                    WHEN 'warn' THEN 3 WHEN 'warning' THEN 3 WHEN 'info' THEN 2 WHEN 'debug' THEN 1 WHEN 'trace' THEN 1 ELSE 0 END AS rank
          FROM reporting.fact_cloudwatch_log l
         WHERE l.run_id = $1) r
