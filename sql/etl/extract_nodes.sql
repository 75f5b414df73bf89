-- name: etl.extract_nodes
-- Every model node with its model (dimensions are small: always extracted whole).
SELECT n.id AS node_id, n.model_id, m.model_display_name AS model_name, m.disease_area, m.therapeutic_area,
       n.node_display_name AS node_name, n.node_type, n.node_group_name, n.node_seq
  FROM fc_model_node n
  JOIN fc_model m ON m.id = n.model_id
