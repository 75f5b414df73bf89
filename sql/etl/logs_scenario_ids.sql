-- name: etl.logs_scenario_ids
-- `etl --scenario-id`: the ids whose log records belong to the scenario $1 (its runs and their requests).
SELECT r.run_id::text AS id FROM reporting.dim_run r WHERE r.scenario_id = $1::uuid
UNION
SELECT r.run_req_id::text FROM reporting.dim_run r WHERE r.scenario_id = $1::uuid AND r.run_req_id IS NOT NULL
