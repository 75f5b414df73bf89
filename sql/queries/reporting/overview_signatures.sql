-- name: reporting.overview_signatures
-- Error signatures (fail_reason with ids, numbers and quoted values normalised by the ETL,
-- src/core/signatures.ts) of failed / timed-out runs started in [$1, $2) that have a reason;
-- filters $3 … $7 as in overview_kpis; $8 limit. Same grouping as groupSignatures():
-- count, scenarios, models, first / last seen (completion, else start), the latest text.
SELECT r.fail_signature AS signature,
       count(*) AS count,
       count(DISTINCT r.scenario_id) AS scenarios,
       count(DISTINCT s.model_id) AS models,
       array_agg(DISTINCT s.model_name) AS model_names,
       min(coalesce(r.run_complete_at, r.run_at)) AS first_seen,
       max(coalesce(r.run_complete_at, r.run_at)) AS last_seen,
       (array_agg(r.fail_reason ORDER BY coalesce(r.run_complete_at, r.run_at) DESC, r.run_id DESC))[1] AS example,
       (array_agg(r.run_id ORDER BY coalesce(r.run_complete_at, r.run_at) DESC, r.run_id DESC))[1] AS last_run_id,
       count(*) FILTER (WHERE r.run_status = 'timeout') AS timeouts,
       (array_agg(r.error_category ORDER BY coalesce(r.run_complete_at, r.run_at) DESC, r.run_id DESC))[1] AS category
  FROM reporting.dim_run r
  JOIN reporting.dim_scenario s ON s.scenario_id = r.scenario_id
 WHERE r.run_at >= $1::timestamp AND r.run_at < $2::timestamp
   AND r.run_status IN ('failed', 'timeout')
   AND r.fail_signature IS NOT NULL AND r.fail_signature <> ''
   AND ($3::uuid IS NULL OR s.model_id = $3::uuid)
   AND ($4::text IS NULL OR s.model_disease_area = $4::text)
   AND ($5::text IS NULL OR s.scenario_status = $5::text)
   AND ($6::text IS NULL OR r.run_id IN (
        SELECT c.run_id FROM reporting.fact_node_calculations c JOIN reporting.dim_node n ON n.node_id = c.node_id
         WHERE c.calc_status = 'failed' AND n.node_type = $6::text))
   AND ($7::text IS NULL OR r.fail_reason ILIKE $7::text)
 GROUP BY r.fail_signature
 ORDER BY count DESC, signature
 LIMIT $8
