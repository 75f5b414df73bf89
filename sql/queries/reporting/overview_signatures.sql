-- name: reporting.overview_signatures
-- Error signatures (fail_reason with ids, numbers and quoted values normalised by the ETL,
-- src/core/signatures.ts) of failed / timed-out runs started in [$1, $2) that have a reason;
-- filters $3 … $7 as in overview_kpis; $8 limit. Same grouping as groupSignatures():
-- count, scenarios, models, first / last seen (completion, else start), the latest text.
SELECT r.fail_signature AS signature,
       count(*) AS count,
       count(DISTINCT r.scenario_id) AS scenarios,
       count(DISTINCT r.model_id) AS models,
       array_agg(DISTINCT r.model_name) AS model_names,
       min(coalesce(r.run_complete_at, r.run_at)) AS first_seen,
       max(coalesce(r.run_complete_at, r.run_at)) AS last_seen,
       (array_agg(r.fail_reason ORDER BY coalesce(r.run_complete_at, r.run_at) DESC, r.run_id DESC))[1] AS example,
       (array_agg(r.run_id ORDER BY coalesce(r.run_complete_at, r.run_at) DESC, r.run_id DESC))[1] AS last_run_id,
       count(*) FILTER (WHERE r.run_status = 'timeout') AS timeouts,
       (array_agg(r.error_category ORDER BY coalesce(r.run_complete_at, r.run_at) DESC, r.run_id DESC))[1] AS category
  FROM reporting.overview_runs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) r
 WHERE r.run_status IN ('failed', 'timeout')
   AND r.fail_signature IS NOT NULL AND r.fail_signature <> ''
 GROUP BY r.fail_signature
 ORDER BY count DESC, signature
 LIMIT $8
