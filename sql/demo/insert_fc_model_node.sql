-- Demo seed: loads a batch of fc_model_node rows (one array parameter per column).
INSERT INTO fc_model_node (id, model_id, node_display_name, node_type, node_group_name, node_seq)
SELECT u.id, u.model_id, u.node_display_name, u.node_type, u.node_group_name, u.node_seq
FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::integer[])
    AS u (id, model_id, node_display_name, node_type, node_group_name, node_seq)
