-- name: reporting.overview_bounds
-- The first and last run start in the reporting schema, runs the retention archived
-- included (the Overview's default range ends on the last day with runs). Index probes on
-- dim_run_run_at_idx and archive_run_run_at_idx.
SELECT least(min(r.run_at), (SELECT min(a.run_at) FROM reporting.archive_dim_run a)) AS first_run_at,
       greatest(max(r.run_at), (SELECT max(a.run_at) FROM reporting.archive_dim_run a)) AS last_run_at
  FROM reporting.dim_run r
