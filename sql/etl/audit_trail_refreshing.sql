-- name: etl.audit_trail_refreshing
-- In the refresh's transaction: no statement timeout (it rebuilds the whole view), and the mark
-- of a failed refresh goes with its commit.
WITH cleared AS (DELETE FROM reporting.settings WHERE name = 'audit_trail_stale' RETURNING 1)
SELECT set_config('statement_timeout', '0', true) AS timeout, (SELECT count(*) FROM cleared)::int AS cleared
