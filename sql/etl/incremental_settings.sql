-- name: etl.incremental_settings
-- An incremental run's transaction (or one scenario's): no JIT. Its statements read the window's
-- rows through indexes, but the planner prices some of them (lateral reads per user, parts
-- joined by key) high enough to compile them: 100-120 ms of JIT for a statement that runs in 7.
SET LOCAL jit = off
