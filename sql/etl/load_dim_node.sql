-- name: etl.load_dim_node
INSERT INTO reporting.dim_node (node_id, model_id, model_name, disease_area, therapeutic_area, node_name, node_type, node_group, node_seq)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
ON CONFLICT (node_id) DO UPDATE SET
    model_id = EXCLUDED.model_id, model_name = EXCLUDED.model_name, disease_area = EXCLUDED.disease_area,
    therapeutic_area = EXCLUDED.therapeutic_area, node_name = EXCLUDED.node_name, node_type = EXCLUDED.node_type,
    node_group = EXCLUDED.node_group, node_seq = EXCLUDED.node_seq
