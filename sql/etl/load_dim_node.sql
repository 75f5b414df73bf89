-- name: etl.load_dim_node
-- Every run sends every node (the dimension is small); only changed ones are written again.
INSERT INTO reporting.dim_node AS d (node_id, model_id, model_name, disease_area, therapeutic_area, node_name, node_type, node_group_name, node_seq)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
ON CONFLICT (node_id) DO UPDATE SET
    model_id = EXCLUDED.model_id, model_name = EXCLUDED.model_name, disease_area = EXCLUDED.disease_area,
    therapeutic_area = EXCLUDED.therapeutic_area, node_name = EXCLUDED.node_name, node_type = EXCLUDED.node_type,
    node_group_name = EXCLUDED.node_group_name, node_seq = EXCLUDED.node_seq, etl_loaded_at = EXCLUDED.etl_loaded_at
WHERE (d.model_id, d.model_name, d.disease_area, d.therapeutic_area, d.node_name, d.node_type, d.node_group_name, d.node_seq)
      IS DISTINCT FROM
      (EXCLUDED.model_id, EXCLUDED.model_name, EXCLUDED.disease_area, EXCLUDED.therapeutic_area, EXCLUDED.node_name, EXCLUDED.node_type, EXCLUDED.node_group_name, EXCLUDED.node_seq)
