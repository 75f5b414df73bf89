-- name: etl.extract_calcs_runs
-- Node calcs of the given runs (index fc_scenario_node_calc(run_id)). The runs' own columns
-- (scenario, times, user, request) come from the runs this extraction has just read in the same
-- snapshot (extract.ts), so production's runs are not joined again: with 1,000 runs a join
-- would read all of fc_scenario_run (a hash join beats 1,000 probes), and its cost would grow
-- with the history kept there.
SELECT c.id, c.run_id, c.model_node_id, c.status, c.fail_reason,
       c.processing_start_at, c.processing_end_at, c.processing_duration
  FROM fc_scenario_node_calc c
 WHERE c.run_id = ANY($1::uuid[])
