-- name: prod.models
-- Models with the number of their scenarios (matching $1 name pattern / $2 id prefix) and of
-- those whose last run failed or timed out.
SELECT m.id AS model_id, m.model_display_name AS model_name,
       count(*) AS scenarios,
       count(*) FILTER (WHERE lr.run_status IN ('failed', 'timeout')) AS failing
  FROM fc_scenario s
  JOIN fc_model m ON m.id = s.model_id
  LEFT JOIN LATERAL (
        SELECT r.run_status FROM fc_scenario_run r WHERE r.scenario_id = s.id
         ORDER BY r.run_at DESC, r.id DESC LIMIT 1) lr ON true
 WHERE ($1::text IS NULL AND $2::text IS NULL) OR s.scenario_display_name ILIKE $1 OR s.id::text LIKE $2
 GROUP BY m.id, m.model_display_name
 ORDER BY m.model_display_name, m.id
