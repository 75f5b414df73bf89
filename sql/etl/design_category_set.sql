-- name: etl.design_category_set
-- $1 run ids, $2 the design's categories of their failures.
UPDATE reporting.dim_run r
   SET design_category = v.category
  FROM unnest($1::uuid[], $2::text[]) AS v(run_id, category)
 WHERE r.run_id = v.run_id
