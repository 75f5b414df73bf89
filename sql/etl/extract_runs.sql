-- name: etl.extract_runs
-- $1 since (NULL = all), $2 runs still open in the reporting schema (re-read until they end).
SELECT r.id, r.scenario_id, r.run_status, r.run_at, r.run_complete_at, r.run_by, r.run_req_id, r.fail_reason
  FROM fc_scenario_run r
 WHERE $1::timestamp IS NULL OR r.run_at >= $1 OR r.run_complete_at >= $1 OR r.id = ANY($2::uuid[])
