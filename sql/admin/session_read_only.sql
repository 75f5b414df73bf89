-- name: admin.session_read_only
SELECT current_setting('default_transaction_read_only') AS ro
