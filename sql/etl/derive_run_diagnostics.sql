-- name: etl.derive_run_diagnostics
-- fact_run_diagnostic from dim_run and the run's node calcs, the columns of the table spec
-- (src/etl/derived.ts; log_records, log_errors, log_warnings and stack_trace are the logs
-- step's, never written here). Scope ($2 NULL: every run): runs $2 and, since the last success
-- before a run can change with them, the later runs of their scenarios (run order: run_at, run_id).
-- error_category: the design's four (dim_run.design_category), error_category_detail: ours.
-- first_failed_node_id: the failed calc that ended first (then node_id); previous success: the
-- last success before the run in run order (src/core/runRules.ts lastSuccessBefore), found by
-- counting a scenario's successes in run order (no per-run lookup: the first load has no index
-- yet); seconds_since_previous_success: run_at − its run_at (the run comparison's time gap).
-- The scope's lookups take arrays (`= ANY(ARRAY(…))`): an index scan per id, never a scan of
-- every failed calc or run of the history.
WITH changed AS (
    SELECT scenario_id, min(run_at) AS since
      FROM reporting.dim_run
     WHERE $2::uuid[] IS NOT NULL AND run_id = ANY($2::uuid[])
     GROUP BY scenario_id
), ordered AS (
    SELECT q.*,
           count(*) FILTER (WHERE q.run_status = 'success')
               OVER (PARTITION BY q.scenario_id ORDER BY q.run_at, q.run_id ROWS UNBOUNDED PRECEDING) AS successes
      FROM reporting.dim_run q
     WHERE $2::uuid[] IS NULL OR q.scenario_id = ANY(ARRAY(SELECT scenario_id FROM changed))
), runs AS (
    SELECT o.*, o.successes - CASE WHEN o.run_status = 'success' THEN 1 ELSE 0 END AS successes_before
      FROM ordered o
     WHERE $2::uuid[] IS NULL OR o.run_at >= (SELECT c.since FROM changed c WHERE c.scenario_id = o.scenario_id)
), first_failed AS (
    SELECT DISTINCT ON (c.run_id) c.run_id, c.node_id
      FROM reporting.fact_node_calculations c
     WHERE c.calc_status = 'failed'
       AND ($2::uuid[] IS NULL OR c.run_id = ANY(ARRAY(SELECT run_id FROM runs)))
     ORDER BY c.run_id, coalesce(c.processing_end_at, c.processing_start_at, 'infinity'::timestamp), c.node_id
)
SELECT r.run_id, r.scenario_id, r.run_status, r.run_at, r.run_complete_at, r.duration_seconds::double precision AS duration_seconds,
       r.run_by, r.run_req_id AS request_id, r.fail_reason, r.fail_signature,
       r.design_category AS error_category, r.error_category AS error_category_detail,
       coalesce(r.total_nodes, 0) AS total_nodes, coalesce(r.nodes_failed, 0) AS failed_nodes, f.node_id AS first_failed_node_id,
       p.run_id AS previous_success_run_id,
       CASE WHEN isfinite(r.run_at) AND isfinite(p.run_at) THEN extract(epoch FROM r.run_at - p.run_at)::double precision END AS seconds_since_previous_success,
       '{}'::jsonb AS metadata
  FROM runs r
  LEFT JOIN first_failed f ON f.run_id = r.run_id
  LEFT JOIN ordered p ON p.scenario_id = r.scenario_id AND p.run_status = 'success'
                     AND r.successes_before > 0 AND p.successes = r.successes_before
