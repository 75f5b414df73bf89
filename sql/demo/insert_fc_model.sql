-- Demo seed: loads a batch of fc_model rows (one array parameter per column).
INSERT INTO fc_model (id, model_display_name, disease_area, therapeutic_area)
SELECT u.id, u.model_display_name, u.disease_area, u.therapeutic_area
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
    AS u (id, model_display_name, disease_area, therapeutic_area)
