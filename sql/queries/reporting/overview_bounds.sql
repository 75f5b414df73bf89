-- name: reporting.overview_bounds
-- The first and last run start in the reporting schema (the Overview's default range ends
-- on the last day with runs). Two index probes on dim_run_run_at_idx.
SELECT min(r.run_at) AS first_run_at, max(r.run_at) AS last_run_at
  FROM reporting.dim_run r
