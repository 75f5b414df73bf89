-- Migration 008: the reporting copy without personal data (etl --no-input-values).
-- fact_input_changes.changed_paths, a JSON array of strings: the JSON paths a save changed
-- against the previous save of the same node (`$` for a first value, none for a save that
-- repeats the hash), written only when input values are withheld: then input_data is NULL
-- and changed_paths is not, so readers tell "withheld" from "no value". With values kept it
-- stays NULL (the paths follow from the values). The privacy mode a copy was loaded with is
-- kept in reporting.settings (privacy_users, privacy_input_values), written by the ETL.
ALTER TABLE reporting.fact_input_changes ADD COLUMN IF NOT EXISTS changed_paths jsonb;
