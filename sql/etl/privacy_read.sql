-- name: etl.privacy_read
-- The privacy mode the reporting copy was loaded with (none stored: a plain copy).
SELECT name, value FROM reporting.settings WHERE name IN ('privacy_users', 'privacy_input_values')
