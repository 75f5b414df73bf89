-- name: etl.derive_state_changes
-- fact_scenario_state_change from the loaded dimensions: the lifecycle of scenarios $1 and the
-- transitions of runs $2 (NULL: every scenario, every run), as the columns of the table spec
-- (src/etl/derived.ts), in its order.
--
-- A scenario: created → draft (created_at), draft → submitted (submitted_at), → locked
-- (locked_at), each from the state before it; the source keeps one updated_at and the current
-- status, so an update is a transition only when the current status is not the one these steps
-- leave (archived, or back to draft after a submission): → <status> at updated_at. An edit that
-- keeps the status is a user action (fact_user_action), not a transition.
-- A run: → running at run_at (→ queued while it is queued), running → its final status at
-- run_complete_at. seconds_in_previous_state: since the previous transition of the same
-- scenario lifecycle or run (NULL for the first).
WITH steps AS (
    SELECT s.scenario_id, x.ord, x.step, x.at, x.by, x.req, x.to_state
      FROM reporting.dim_scenario s
     CROSS JOIN LATERAL (VALUES
            (1, 'created',   s.created_at,   s.created_by,   s.created_req_id,   'draft'),
            (2, 'submitted', s.submitted_at, s.submitted_by, s.submitted_req_id, 'submitted'),
            (3, 'locked',    s.locked_at,    s.locked_by,    s.locked_req_id,    'locked'),
            (4, 'updated',   CASE WHEN s.scenario_status IS DISTINCT FROM
                                       CASE WHEN s.locked_at IS NOT NULL THEN 'locked'
                                            WHEN s.submitted_at IS NOT NULL THEN 'submitted' ELSE 'draft' END
                                  THEN s.updated_at END,
                             s.updated_by, s.updated_req_id, s.scenario_status)
           ) AS x(ord, step, at, by, req, to_state)
     WHERE ($1::uuid[] IS NULL OR s.scenario_id = ANY($1::uuid[]))
       AND x.at IS NOT NULL AND x.to_state IS NOT NULL
), lifecycle AS (
    SELECT scenario_id, 'scenario:' || step AS change_key, 'scenario'::text AS entity, NULL::uuid AS run_id,
           lag(to_state) OVER w AS from_state, to_state, at AS changed_at, by AS changed_by, req AS request_id,
           CASE WHEN isfinite(at) AND isfinite(lag(at) OVER w) THEN trim_scale(extract(epoch FROM at - lag(at) OVER w)) END AS seconds_in_previous_state
      FROM steps
    WINDOW w AS (PARTITION BY scenario_id ORDER BY at, ord)
), runs AS (
    SELECT r.scenario_id, 'run:' || r.run_id || ':started' AS change_key, 'run'::text AS entity, r.run_id,
           NULL::text AS from_state, CASE WHEN r.run_status = 'queued' THEN 'queued' ELSE 'running' END AS to_state,
           r.run_at AS changed_at, r.run_by AS changed_by, r.run_req_id AS request_id, NULL::numeric AS seconds_in_previous_state,
           jsonb_build_object('run_status', r.run_status) AS metadata
      FROM reporting.dim_run r
     WHERE $2::uuid[] IS NULL OR r.run_id = ANY($2::uuid[])
    UNION ALL
    SELECT r.scenario_id, 'run:' || r.run_id || ':ended', 'run', r.run_id,
           'running', r.run_status, r.run_complete_at, NULL::text, r.run_req_id,
           CASE WHEN isfinite(r.run_complete_at) AND isfinite(r.run_at) THEN trim_scale(extract(epoch FROM r.run_complete_at - r.run_at)) END,
           jsonb_build_object('run_status', r.run_status)
      FROM reporting.dim_run r
     WHERE ($2::uuid[] IS NULL OR r.run_id = ANY($2::uuid[]))
       AND r.run_complete_at IS NOT NULL AND r.run_status NOT IN ('queued', 'running')
)
SELECT scenario_id, change_key, entity, run_id, from_state, to_state, changed_at, changed_by, request_id,
       seconds_in_previous_state, '{}'::jsonb AS metadata
  FROM lifecycle
UNION ALL
SELECT scenario_id, change_key, entity, run_id, from_state, to_state, changed_at, changed_by, request_id,
       seconds_in_previous_state, metadata
  FROM runs
