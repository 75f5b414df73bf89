-- name: etl.extract_calcs_copy
-- First load: every node calc, in the column order of its COPY (src/etl/tables.ts, FACT_NODE_CALCULATIONS)
-- (fail_signature is the transform's), then what its event needs (transform.calcsFromCopy).
COPY (
SELECT r.scenario_id, c.id, c.run_id, c.model_node_id, c.status, c.fail_reason, NULL::text AS fail_signature,
       c.processing_start_at, c.processing_end_at, c.processing_duration, r.run_at,
       r.run_complete_at, r.run_by, r.run_req_id
  FROM fc_scenario_node_calc c
  JOIN fc_scenario_run r ON r.id = c.run_id
) TO STDOUT
