-- name: etl.scenario_exists
-- `etl --scenario-id`: whether production has scenario $1.
SELECT EXISTS (SELECT 1 FROM fc_scenario WHERE id = $1::uuid) AS found
