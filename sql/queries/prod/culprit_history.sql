-- name: prod.culprit_history
-- The culprit ranking's history profile: earlier values of the candidate nodes $2 (uuid[]) in
-- the model of scenario $1: saves in force at a successful run that started before $3 (the
-- baseline run's start), in scenario $1 and in the $4 most recently created other scenarios
-- of the model created before $3 (a later one has no success before it to offer; values
-- that only ever met failures are not "normal"), at most $5 per scenario
-- and node (newest first) and $6 per node in all. One row per node and distinct value (hash)
-- with the number of saves that held it; a value longer than $7 bytes of JSON text comes
-- without input_data (its type, size and array lengths only). Reads the documented index
-- (scenario_id, model_node_id, created_at), once per scenario and node.
WITH sc AS (
  SELECT s.id
    FROM fc_scenario s
   WHERE s.model_id = (SELECT m.model_id FROM fc_scenario m WHERE m.id = $1::uuid)
     AND (s.id = $1::uuid OR s.created_at < $3::timestamp)
   ORDER BY (s.id = $1::uuid) DESC, s.created_at DESC, s.id DESC
   LIMIT $4::int + 1
), ok AS (
  -- The start of each scenario's successful runs before $3 (a handful): read once per
  -- scenario here, not once per save.
  SELECT sc.id,
         ARRAY(SELECT o.run_at FROM fc_scenario_run o
                WHERE o.scenario_id = sc.id AND o.run_at < $3::timestamp AND o.run_status = 'success') AS ok_ats
    FROM sc
), saves AS (
  SELECT n.node_id, q.id, q.input_hash, q.input_data, q.created_at,
         row_number() OVER (PARTITION BY n.node_id ORDER BY q.created_at DESC, q.id DESC) AS rn
    FROM unnest($2::uuid[]) AS n(node_id)
   CROSS JOIN ok AS sc
   CROSS JOIN LATERAL (
         SELECT d.id, d.input_hash, d.input_data, d.created_at
           FROM fc_scenario_node_data d
          WHERE d.scenario_id = sc.id AND d.model_node_id = n.node_id AND d.created_at < $3::timestamp
            AND EXISTS (SELECT 1 FROM unnest(sc.ok_ats) AS o(run_at)
                         WHERE o.run_at >= d.created_at AND (d.end_at IS NULL OR o.run_at < d.end_at))
          ORDER BY d.created_at DESC, d.id DESC
          LIMIT $5::int) q
), vals AS (
  SELECT DISTINCT ON (v.node_id, v.input_hash)
         v.node_id, v.input_hash, v.input_data, count(*) OVER (PARTITION BY v.node_id, v.input_hash) AS saves
    FROM saves v
   WHERE v.rn <= $6::int
   ORDER BY v.node_id, v.input_hash, v.created_at DESC, v.id DESC
)
SELECT v.node_id, v.input_hash,
       CASE WHEN octet_length(v.input_data::text) <= $7::int THEN v.input_data END AS input_data,
       jsonb_typeof(v.input_data) AS json_type,
       octet_length(v.input_data::text) AS size,
       CASE jsonb_typeof(v.input_data)
            WHEN 'array' THEN jsonb_build_object('$', jsonb_array_length(v.input_data))
            WHEN 'object' THEN (SELECT jsonb_object_agg(e.key, jsonb_array_length(e.value))
                                  FROM jsonb_each(v.input_data) e
                                 WHERE jsonb_typeof(e.value) = 'array')
       END AS lengths,
       v.saves::int AS saves
  FROM vals v
 ORDER BY v.node_id, v.input_hash
