-- name: reporting.rca_run_logs
-- A run's log records from fact_cloudwatch_log at level rank $2 or above (0 = all; see
-- rca_run_log_counts for the ranks), oldest first, at most $3.
SELECT l.log_timestamp AS "timestamp", l.log_level AS level, l.message, l.stack_trace, l.correlation_id,
       l.log_source, l.origin, l.line_number, l.error_category
  FROM reporting.fact_cloudwatch_log l
 WHERE l.run_id = $1
   AND (CASE lower(coalesce(l.log_level, '')) WHEN 'fatal' THEN 5 WHEN 'critical' THEN 5 WHEN 'error' THEN 4
             WHEN 'warn' THEN 3 WHEN 'warning' THEN 3 WHEN 'info' THEN 2 WHEN 'debug' THEN 1 WHEN 'trace' THEN 1 ELSE 0 END) >= $2
 ORDER BY l.log_timestamp, l.log_key
 LIMIT $3
