-- name: prod.scenarios
-- $1 status, $2 name ILIKE pattern, $3 id prefix, $4 failed since, $5 limit, $6 offset, $7 model id, $8 scenario id, $9 last-run statuses.
-- Failed runs count 'failed' and 'timeout'. Newest last run first, never-run scenarios last.
-- Production has no index to sort scenarios by their last run. Unnarrowed (the tree's pages,
-- a status), the page is chosen from one pass over fc_scenario_run (the newest run_at per
-- scenario); narrowed by a search, a model or a scenario ($2, $3, $7, $8), each candidate looks
-- up its newest run through (scenario_id, run_at) instead (at 4S a search matching a tenth of
-- 12,000 scenarios: 1,200 probes, not 59,000 runs grouped). Only one part runs: the other's
-- condition on the parameters is false before it starts. Then only the scenarios of the page
-- look up their last run and count their runs; $9 looks up each candidate's last run.
WITH cand AS NOT MATERIALIZED (
    -- The scenarios the filters keep (inlined into each part below).
    SELECT s.id, s.scenario_display_name, s.status, s.model_id
      FROM fc_scenario s
     WHERE ($1::text IS NULL OR s.status = $1)
       AND (($2::text IS NULL AND $3::text IS NULL) OR s.scenario_display_name ILIKE $2 OR s.id::text LIKE $3)
       AND ($4::timestamp IS NULL OR EXISTS (
            SELECT 1 FROM fc_scenario_run f
             WHERE f.scenario_id = s.id AND f.run_status IN ('failed', 'timeout')
               AND coalesce(f.run_complete_at, f.run_at) >= $4))
       AND ($7::uuid IS NULL OR s.model_id = $7)
       AND ($8::uuid IS NULL OR s.id = $8)
       AND ($9::text[] IS NULL OR (SELECT r.run_status FROM fc_scenario_run r WHERE r.scenario_id = s.id
                                    ORDER BY r.run_at DESC, r.id DESC LIMIT 1) = ANY($9::text[]))
), last_run AS (
    SELECT r.scenario_id, max(r.run_at) AS run_at
      FROM fc_scenario_run r
     GROUP BY r.scenario_id
), page AS (
  (SELECT c.id, c.scenario_display_name, c.status, c.model_id, l.run_at AS last_run_at
      FROM cand c
      LEFT JOIN last_run l ON l.scenario_id = c.id
     WHERE $2::text IS NULL AND $3::text IS NULL AND $7::uuid IS NULL AND $8::uuid IS NULL
     ORDER BY l.run_at DESC NULLS LAST, c.scenario_display_name, c.id
     LIMIT $5 OFFSET $6)
  UNION ALL
  (SELECT c.id, c.scenario_display_name, c.status, c.model_id,
          (SELECT max(r.run_at) FROM fc_scenario_run r WHERE r.scenario_id = c.id) AS last_run_at
      FROM cand c
     WHERE NOT ($2::text IS NULL AND $3::text IS NULL AND $7::uuid IS NULL AND $8::uuid IS NULL)
     ORDER BY last_run_at DESC NULLS LAST, c.scenario_display_name, c.id
     LIMIT $5 OFFSET $6)
)
SELECT p.id AS scenario_id, p.scenario_display_name AS scenario_name, p.status, p.model_id,
       m.model_display_name AS model_name,
       lr.id AS last_run_id, lr.run_at AS last_run_at, lr.run_status AS last_run_status, lr.fail_reason AS last_fail_reason,
       coalesce(a.runs, 0) AS runs, coalesce(a.failed_runs, 0) AS failed_runs
  FROM page p
  JOIN fc_model m ON m.id = p.model_id
  LEFT JOIN LATERAL (
        SELECT r.id, r.run_at, r.run_status, r.fail_reason
          FROM fc_scenario_run r WHERE r.scenario_id = p.id
         ORDER BY r.run_at DESC, r.id DESC LIMIT 1) lr ON true
  LEFT JOIN LATERAL (
        SELECT count(*) AS runs, count(*) FILTER (WHERE r.run_status IN ('failed', 'timeout')) AS failed_runs
          FROM fc_scenario_run r WHERE r.scenario_id = p.id) a ON true
 ORDER BY p.last_run_at DESC NULLS LAST, p.scenario_display_name, p.id
