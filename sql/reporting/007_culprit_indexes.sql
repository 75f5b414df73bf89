-- Migration 007: indexes for the culprit ranking's "earlier values" and "same failure
-- elsewhere" reads (sql/queries/reporting/culprit_history.sql, culprit_failures.sql), which
-- start from the other scenarios of a model. Both are plain B-trees on the dimensions (small
-- next to the facts) and change no answer.

-- The most recently created scenarios of a model, newest first, with the bound every
-- per-scenario read of the facts uses: an index-only scan that stops after the first $4,
-- instead of a bitmap scan over every scenario of the model and a sort (at 4S, 2,000 of them).
CREATE INDEX IF NOT EXISTS dim_scenario_model_created_idx
    ON reporting.dim_scenario (model_id, created_at DESC, scenario_id DESC) INCLUDE (first_event_at);

-- A scenario's failures with a reason, newest first: the per-scenario probe reads only them,
-- not every run of the scenario.
CREATE INDEX IF NOT EXISTS dim_run_scenario_failed_idx
    ON reporting.dim_run (scenario_id, run_at DESC, run_id DESC)
    WHERE run_status IN ('failed', 'timeout') AND fail_reason IS NOT NULL;
