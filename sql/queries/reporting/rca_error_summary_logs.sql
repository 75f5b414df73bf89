-- name: reporting.rca_error_summary_logs
-- Error records (error and above) of the scenario in fact_cloudwatch_log within the window (on log_timestamp).
SELECT count(*) AS log_errors
  FROM reporting.fact_cloudwatch_log l
 WHERE l.scenario_id = $1
   AND lower(coalesce(l.log_level, '')) IN ('error', 'fatal', 'critical')
   AND ($2::timestamp IS NULL OR l.log_timestamp >= $2)
   AND ($3::timestamp IS NULL OR l.log_timestamp <= $3)
