-- name: etl.category_runs_set
-- $1 run ids, $2 their error categories.
UPDATE reporting.dim_run r
   SET error_category = v.category
  FROM unnest($1::uuid[], $2::text[]) AS v(run_id, category)
 WHERE r.run_id = v.run_id
