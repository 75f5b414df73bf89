-- name: reporting.culprit_history
-- The culprit ranking's history profile: earlier values of the candidate nodes $2 (uuid[]) in
-- the model of scenario $1: saves in force at a successful run that started before $3 (the
-- baseline run's start), in scenario $1 and in the $4 most recently created other scenarios
-- of the model created before $3 (a later one has no success before it to offer; values
-- that only ever met failures are not "normal"), at most $5 per scenario
-- and node (newest first) and $6 per node in all. One row per node and distinct value (hash)
-- with the number of saves that held it; a value longer than $7 bytes of JSON text comes
-- without input_data (its type, size and array lengths only). Reads the documented index
-- (scenario_id, node_id, changed_at), once per scenario and node; the scenarios come from
-- dim_scenario_model_created_idx (migration 007). The bound $3 is a row comparison, as in
-- reporting.snapshot: with a plain one the planner took (node_id, changed_at) and read the
-- node's saves in every scenario of the model (44,700 buffers for 65 scenarios × 5 nodes at S;
-- 2,050 now).
WITH model AS (
  SELECT m.model_id FROM reporting.dim_scenario m WHERE m.scenario_id = $1::uuid
), sc AS (
  -- The scenario, and the newest others of its model (index (model_id, created_at DESC, …)),
  -- each with the start of its successful runs before $3 (a handful: read once here, not
  -- once per save).
  SELECT x.id, x.first_event_at,
         ARRAY(SELECT o.run_at FROM reporting.dim_run o
                WHERE o.scenario_id = x.id AND o.run_at < $3::timestamp AND o.run_status = 'success') AS ok_ats
    FROM (SELECT s.scenario_id AS id, s.first_event_at FROM reporting.dim_scenario s WHERE s.scenario_id = $1::uuid
          UNION ALL
          (SELECT s.scenario_id, s.first_event_at
             FROM reporting.dim_scenario s
            WHERE s.model_id = (SELECT model_id FROM model) AND s.scenario_id <> $1::uuid
              AND s.created_at < $3::timestamp
            ORDER BY s.created_at DESC, s.scenario_id DESC
            LIMIT $4::int)) x
), saves AS (
  SELECT n.node_id, q.id, q.input_hash, q.input_data, q.created_at,
         row_number() OVER (PARTITION BY n.node_id ORDER BY q.created_at DESC, q.id DESC) AS rn
    FROM unnest($2::uuid[]) AS n(node_id)
   CROSS JOIN sc
   CROSS JOIN LATERAL (
         SELECT d.node_data_id AS id, d.current_hash AS input_hash, d.input_data, d.changed_at AS created_at
           FROM reporting.fact_input_changes d
          WHERE d.scenario_id = sc.id AND d.node_id = n.node_id
            AND (d.scenario_id, d.node_id, d.changed_at) < (sc.id, n.node_id, $3::timestamp)
            AND d.changed_at >= sc.first_event_at
            AND EXISTS (SELECT 1 FROM unnest(sc.ok_ats) AS o(run_at)
                         WHERE o.run_at >= d.changed_at AND (d.end_at IS NULL OR o.run_at < d.end_at))
          ORDER BY d.changed_at DESC, d.node_data_id DESC
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
