-- Demo seed: loads a batch of fc_scenario_run rows (one array parameter per column).
INSERT INTO fc_scenario_run (id, scenario_id, run_status, run_at, run_complete_at, run_by, run_req_id, fail_reason)
SELECT u.id, u.scenario_id, u.run_status, u.run_at, u.run_complete_at, u.run_by, u.run_req_id, u.fail_reason
FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamp[], $5::timestamp[], $6::text[], $7::uuid[], $8::text[])
    AS u (id, scenario_id, run_status, run_at, run_complete_at, run_by, run_req_id, fail_reason)
