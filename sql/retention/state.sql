-- name: retention.state
-- The retention's bookkeeping (reporting.settings, migration 012): the cutoff of the last
-- prune (facts before it live in the archive and aggregate tables only) and when it ran.
SELECT (SELECT value FROM reporting.settings WHERE name = 'retained_from')::timestamp AS retained_from,
       (SELECT value FROM reporting.settings WHERE name = 'retention_pruned_at')::timestamp AS pruned_at
