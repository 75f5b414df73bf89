-- name: etl.copy_dim_node
-- Bulk load of an empty schema (same columns, same order as load_dim_node.sql).
COPY reporting.dim_node (node_id, model_id, model_name, disease_area, therapeutic_area, node_name, node_type, node_group_name, node_seq) FROM STDIN
