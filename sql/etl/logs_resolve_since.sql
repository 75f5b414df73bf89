-- name: etl.logs_resolve_since
-- The oldest run loaded (or changed) since the last log load $1 (NULL: ever): records still
-- without a run are looked at from there on only.
SELECT min(r.run_at) AS since FROM reporting.dim_run r WHERE $1::timestamp IS NULL OR r.etl_loaded_at >= $1::timestamp
