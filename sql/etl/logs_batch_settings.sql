-- name: etl.logs_batch_settings
-- A log batch's transaction: no JIT (the per-record lookups of logs_insert.sql look costly to
-- the planner, and compiling them took 1.2 s of a 1.5 s batch of 5,000 records).
SET LOCAL jit = off
