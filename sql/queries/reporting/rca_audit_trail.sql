-- name: reporting.rca_audit_trail
-- GET /rca/scenario/{id}/audit-trail: one page of the scenario's unified timeline, oldest first.
-- $1 scenario, $2 since, $3 until (NULL = open, inclusive), $4 sources (NULL = all),
-- $5 event types (NULL = all), $6 user (NULL = any), $7 limit, $8 offset.
SELECT v.audit_key, v.audit_source AS source, v."timestamp", v.event_type, v.user_id, v.run_id, v.node_id,
       v.correlation_id, v.description, v.error_category, v.metadata
  FROM reporting.view_scenario_audit_trail v
 WHERE v.scenario_id = $1
   AND ($2::timestamp IS NULL OR v."timestamp" >= $2)
   AND ($3::timestamp IS NULL OR v."timestamp" <= $3)
   AND ($4::text[] IS NULL OR v.audit_source = ANY($4::text[]))
   AND ($5::text[] IS NULL OR v.event_type = ANY($5::text[]))
   AND ($6::text IS NULL OR v.user_id = $6)
 ORDER BY v."timestamp", v.audit_key
 LIMIT $7 OFFSET $8
