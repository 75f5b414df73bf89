-- name: etl.category_calcs_set
-- $1 scenario ids, $2 calc ids, $3 their error categories.
UPDATE reporting.fact_node_calculations c
   SET error_category = v.category
  FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(scenario_id, calc_id, category)
 WHERE c.scenario_id = v.scenario_id AND c.calc_id = v.calc_id
