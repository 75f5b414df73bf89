-- Migration 006: the Overview's filter in one place. Every Overview figure reads the runs
-- (or the node calcs of the runs) started in [p_from, p_to) that pass the same filters
-- (NULL = any): model, disease area, scenario status, node type, fail reason ILIKE. These
-- two functions are that filter, with the scenario's (and node's) columns the figures
-- show; each overview_*.sql query selects from one and stays whole SQL. They are plain
-- LANGUAGE sql, STABLE, one SELECT, not STRICT, not SECURITY DEFINER and without SET, so
-- the planner inlines them into the calling query (no Function Scan in its plan): the
-- parameters are constants to it, and the indexes and partition pruning work as when the
-- WHERE clause was written out in each query.

-- Runs with their scenario: the node type keeps runs with a failed calc of a node of that
-- type; the reason is the run's fail_reason.
CREATE OR REPLACE FUNCTION reporting.overview_runs(
  p_from timestamp, p_to timestamp, p_model uuid, p_area text, p_status text, p_node_type text, p_reason text)
RETURNS TABLE (
  run_id uuid, scenario_id uuid, run_status text, run_at timestamp, run_complete_at timestamp, duration_seconds numeric,
  run_by text, run_req_id uuid, fail_reason text, fail_signature text, error_category text, total_nodes integer,
  nodes_failed integer, scenario_name text, scenario_status text, model_id uuid, model_name text,
  model_disease_area text, last_run_status text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT r.run_id, r.scenario_id, r.run_status, r.run_at, r.run_complete_at, r.duration_seconds,
         r.run_by, r.run_req_id, r.fail_reason, r.fail_signature, r.error_category, r.total_nodes,
         r.nodes_failed, s.scenario_name, s.scenario_status, s.model_id, s.model_name,
         s.model_disease_area, s.last_run_status
    FROM reporting.dim_run r
    JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
   WHERE r.run_at >= p_from AND r.run_at < p_to
     AND (p_model IS NULL OR s.model_id = p_model)
     AND (p_area IS NULL OR s.model_disease_area = p_area)
     AND (p_status IS NULL OR s.scenario_status = p_status)
     AND (p_node_type IS NULL OR r.run_id IN (
          SELECT c.run_id FROM reporting.fact_node_calculations c JOIN reporting.dim_node n ON n.node_id = c.node_id
           WHERE c.calc_status = 'failed' AND n.node_type = p_node_type))
     AND (p_reason IS NULL OR r.fail_reason ILIKE p_reason)
$$;

-- Node calcs of runs started in the range, with their run, scenario and node: the node type
-- is the calc's own node's; the reason matches the calc's or the run's fail_reason.
CREATE OR REPLACE FUNCTION reporting.overview_calcs(
  p_from timestamp, p_to timestamp, p_model uuid, p_area text, p_status text, p_node_type text, p_reason text)
RETURNS TABLE (
  calc_id uuid, run_id uuid, scenario_id uuid, node_id uuid, calc_status text, fail_reason text,
  processing_end_at timestamp, processing_duration_sec numeric, run_at timestamp, run_status text,
  run_complete_at timestamp, scenario_name text, node_name text, node_type text, node_model_id uuid,
  node_model_name text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT c.calc_id, c.run_id, c.scenario_id, c.node_id, c.calc_status, c.fail_reason,
         c.processing_end_at, c.processing_duration_sec, r.run_at, r.run_status,
         r.run_complete_at, s.scenario_name, n.node_name, n.node_type, n.model_id,
         n.model_name
    FROM reporting.fact_node_calculations c
    JOIN reporting.dim_run r ON r.run_id = c.run_id
    JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
    JOIN reporting.dim_node n ON n.node_id = c.node_id
   WHERE r.run_at >= p_from AND r.run_at < p_to
     AND (p_model IS NULL OR s.model_id = p_model)
     AND (p_area IS NULL OR s.model_disease_area = p_area)
     AND (p_status IS NULL OR s.scenario_status = p_status)
     AND (p_node_type IS NULL OR n.node_type = p_node_type)
     AND (p_reason IS NULL OR c.fail_reason ILIKE p_reason OR r.fail_reason ILIKE p_reason)
$$;
