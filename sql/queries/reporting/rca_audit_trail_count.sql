-- name: reporting.rca_audit_trail_count
-- The number of audit-trail rows matching the filters of rca_audit_trail ($1..$6, same meaning).
SELECT count(*) AS total
  FROM reporting.view_scenario_audit_trail v
 WHERE v.scenario_id = $1
   AND ($2::timestamp IS NULL OR v."timestamp" >= $2)
   AND ($3::timestamp IS NULL OR v."timestamp" <= $3)
   AND ($4::text[] IS NULL OR v.audit_source = ANY($4::text[]))
   AND ($5::text[] IS NULL OR v.event_type = ANY($5::text[]))
   AND ($6::text IS NULL OR v.user_id = $6)
