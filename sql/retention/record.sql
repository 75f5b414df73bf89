-- name: retention.record
-- A prune done: its cutoff $1 (never moved back) and when it ran $2.
INSERT INTO reporting.settings (name, value)
VALUES ('retained_from', to_char($1::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS')), ('retention_pruned_at', to_char($2::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS'))
ON CONFLICT (name) DO UPDATE
   SET value = CASE WHEN reporting.settings.name = 'retained_from'
                    THEN greatest(reporting.settings.value::timestamp, EXCLUDED.value::timestamp)::text
                    ELSE EXCLUDED.value END
