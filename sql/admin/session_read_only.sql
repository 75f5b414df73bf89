-- name: admin.session_read_only
-- The session's default, not this transaction's (the check runs inside BEGIN READ ONLY).
-- Every name schema-qualified: no function of the search_path can answer instead.
SELECT pg_catalog.current_setting('default_transaction_read_only') AS ro
