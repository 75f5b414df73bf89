-- name: etl.privacy_write
-- Records the privacy mode of a load that rebuilt the whole copy: $1 users (`raw` or
-- `pseudonymised:<key fingerprint>`), $2 input values (`kept` or `withheld`).
INSERT INTO reporting.settings (name, value)
VALUES ('privacy_users', $1::text), ('privacy_input_values', $2::text)
ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
