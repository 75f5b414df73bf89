-- name: etl.run_scenario_conflicts
-- Runs of this batch ($1 ids, $2 their scenarios) already loaded under another scenario: the
-- same run id in two scenarios (a production without the primary key on fc_scenario_run).
SELECT x.run_id, d.scenario_id AS loaded_scenario_id, x.scenario_id
  FROM unnest($1::uuid[], $2::uuid[]) AS x(run_id, scenario_id)
  JOIN reporting.dim_run d ON d.run_id = x.run_id
 WHERE d.scenario_id <> x.scenario_id
 LIMIT 1
