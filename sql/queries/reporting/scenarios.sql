-- name: reporting.scenarios
-- Same parameters and answers as prod/scenarios.sql, from the star schema.
SELECT s.scenario_id, s.scenario_name, s.scenario_status AS status, s.model_id, s.model_name,
       s.last_run_id, s.last_run_at, s.last_run_status, s.last_fail_reason, s.runs, s.failed_runs
  FROM reporting.dim_scenario s
 WHERE ($1::text IS NULL OR s.scenario_status = $1)
   AND (($2::text IS NULL AND $3::text IS NULL) OR s.scenario_name ILIKE $2 OR s.scenario_id::text LIKE $3)
   AND ($4::timestamp IS NULL OR EXISTS (
        SELECT 1 FROM reporting.dim_run f
         WHERE f.scenario_id = s.scenario_id AND f.run_status IN ('failed', 'timeout')
           AND coalesce(f.run_complete_at, f.run_at) >= $4))
   AND ($7::uuid IS NULL OR s.model_id = $7)
   AND ($8::uuid IS NULL OR s.scenario_id = $8)
   AND ($9::text[] IS NULL OR s.last_run_status = ANY($9::text[]))
 ORDER BY s.last_run_at DESC NULLS LAST, s.scenario_name, s.scenario_id
 LIMIT $5 OFFSET $6
