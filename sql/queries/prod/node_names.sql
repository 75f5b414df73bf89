-- name: prod.node_names
SELECT n.id AS node_id, n.node_display_name AS node_name
  FROM fc_scenario s JOIN fc_model_node n ON n.model_id = s.model_id
 WHERE s.id = $1
