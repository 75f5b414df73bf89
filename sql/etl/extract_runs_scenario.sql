-- name: etl.extract_runs_scenario
-- `etl --scenario-id`: every run of scenario $1 (index fc_scenario_run(scenario_id, run_at)).
SELECT r.id, r.scenario_id, r.run_status, r.run_at, r.run_complete_at, r.run_by, r.run_req_id, r.fail_reason
  FROM fc_scenario_run r
 WHERE r.scenario_id = $1::uuid
