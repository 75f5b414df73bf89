-- name: reporting.overview_options
-- The choices of the Overview's filter dropdowns: models (with disease area), disease
-- areas, scenario statuses, node types; each with how many scenarios / nodes it has.
SELECT 'model' AS kind, s.model_id::text AS value, min(s.model_name) AS label, min(s.model_disease_area) AS detail, count(*) AS n
  FROM reporting.dim_scenario s GROUP BY s.model_id
UNION ALL
SELECT 'disease_area', s.model_disease_area, s.model_disease_area, min(s.therapeutic_area), count(*)
  FROM reporting.dim_scenario s WHERE s.model_disease_area IS NOT NULL GROUP BY s.model_disease_area
UNION ALL
SELECT 'status', s.scenario_status, s.scenario_status, NULL, count(*)
  FROM reporting.dim_scenario s GROUP BY s.scenario_status
UNION ALL
SELECT 'node_type', n.node_type, n.node_type, NULL, count(*)
  FROM reporting.dim_node n GROUP BY n.node_type
 ORDER BY 1, 3, 2
