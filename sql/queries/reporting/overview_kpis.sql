-- name: reporting.overview_kpis
-- The Overview's KPI figures over runs started in [$1, $2) (run_at, UTC).
-- Filters (NULL = any): $3 model id, $4 disease area, $5 scenario status,
-- $6 node type (runs with a failed calc of a node of that type), $7 fail_reason ILIKE pattern.
-- Plain aggregates over dim_run (range by dim_run_run_at_idx); the node-type filter is an
-- uncorrelated IN (hashed once; recursive planning on Citus).
SELECT count(DISTINCT r.scenario_id) AS scenarios,
       count(*) AS runs,
       count(*) FILTER (WHERE r.run_status = 'success') AS succeeded,
       count(*) FILTER (WHERE r.run_status = 'failed') AS failed,
       count(*) FILTER (WHERE r.run_status = 'timeout') AS timeouts,
       count(*) FILTER (WHERE r.run_status IN ('success', 'failed', 'timeout')) AS finished,
       avg(r.duration_seconds * 1000) FILTER (WHERE r.run_status IN ('success', 'failed', 'timeout')) AS avg_duration_ms
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
 WHERE r.run_at >= $1::timestamp AND r.run_at < $2::timestamp
   AND ($3::uuid IS NULL OR s.model_id = $3::uuid)
   AND ($4::text IS NULL OR s.model_disease_area = $4::text)
   AND ($5::text IS NULL OR s.scenario_status = $5::text)
   AND ($6::text IS NULL OR r.run_id IN (
        SELECT c.run_id FROM reporting.fact_node_calculations c JOIN reporting.dim_node n ON n.node_id = c.node_id
         WHERE c.calc_status = 'failed' AND n.node_type = $6::text))
   AND ($7::text IS NULL OR r.fail_reason ILIKE $7::text)
