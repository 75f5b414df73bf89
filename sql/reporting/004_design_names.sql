-- Reporting schema version 4: every table and column of the original design (section 6.1,
-- restated in the README "Reporting schema"), under the design's exact names and meanings,
-- for analysts' SQL and the Power BI model (`clearsight-rca powerbi`). Where only our name
-- differed, the column is renamed (its data stays); our extra columns stay. Works on both
-- layouts (the partitioned one is created before 001 in version 1's shape and arrives here
-- like a plain one: renames, defaults and indexes act on every partition).
--
-- etl_loaded_at: when the ETL last wrote the row (each load sets it; existing rows get now).

-- dim_scenario
ALTER TABLE reporting.dim_scenario RENAME COLUMN status TO scenario_status;
ALTER TABLE reporting.dim_scenario RENAME COLUMN disease_area TO model_disease_area;
ALTER TABLE reporting.dim_scenario RENAME COLUMN region TO scenario_region;
ALTER TABLE reporting.dim_scenario RENAME COLUMN country TO scenario_country;
ALTER TABLE reporting.dim_scenario ADD COLUMN forecast_init_id uuid;
ALTER TABLE reporting.dim_scenario ADD COLUMN etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');

-- dim_user: the source has no user table; the user id is the name it knows.
ALTER TABLE reporting.dim_user ADD COLUMN username text;
UPDATE reporting.dim_user SET username = user_id;
ALTER TABLE reporting.dim_user ADD COLUMN etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');

-- dim_node
ALTER TABLE reporting.dim_node RENAME COLUMN node_group TO node_group_name;
ALTER TABLE reporting.dim_node ADD COLUMN etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');

-- dim_run: duration in seconds (numeric, exact: run_complete_at − run_at, NULL while open)
-- instead of milliseconds; node counts of the run's calcs (all / success / failed).
ALTER TABLE reporting.dim_run ADD COLUMN duration_seconds numeric;
UPDATE reporting.dim_run SET duration_seconds = trim_scale(extract(epoch FROM run_complete_at - run_at)) WHERE run_complete_at IS NOT NULL;
ALTER TABLE reporting.dim_run DROP COLUMN duration_ms;
ALTER TABLE reporting.dim_run RENAME COLUMN nodes_total TO total_nodes;
ALTER TABLE reporting.dim_run ADD COLUMN nodes_succeeded integer NOT NULL DEFAULT 0;
UPDATE reporting.dim_run r
   SET nodes_succeeded = a.succeeded
  FROM (SELECT run_id, count(*) AS succeeded FROM reporting.fact_node_calculations WHERE status = 'success' GROUP BY run_id) a
 WHERE a.run_id = r.run_id;
ALTER TABLE reporting.dim_run ADD COLUMN etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
CREATE INDEX IF NOT EXISTS dim_run_status_idx ON reporting.dim_run (run_status, run_at);

-- fact_scenario_events: the design's surrogate key (BIGSERIAL) beside our natural key
-- (scenario_id, event_key), which keeps loads idempotent.
ALTER TABLE reporting.fact_scenario_events ADD COLUMN event_id bigserial;
ALTER TABLE reporting.fact_scenario_events RENAME COLUMN description TO event_description;
ALTER TABLE reporting.fact_scenario_events RENAME COLUMN details TO event_details;
ALTER TABLE reporting.fact_scenario_events ADD COLUMN etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
CREATE INDEX IF NOT EXISTS fact_events_type_idx ON reporting.fact_scenario_events (event_type, event_timestamp);

-- fact_input_changes: every save (exact snapshots need them all). change_type as the
-- design's Query 2 (INITIAL_VALUE, VALUE_CHANGED), NO_CHANGE for a save repeating the
-- previous hash. The source has no validation data: is_validated / validation_errors NULL.
ALTER TABLE reporting.fact_input_changes ADD COLUMN change_id bigserial;
ALTER TABLE reporting.fact_input_changes RENAME COLUMN created_at TO changed_at;
ALTER TABLE reporting.fact_input_changes RENAME COLUMN created_by TO changed_by;
ALTER TABLE reporting.fact_input_changes RENAME COLUMN input_hash TO current_hash;
UPDATE reporting.fact_input_changes SET change_type = 'NO_CHANGE' WHERE NOT is_change;
ALTER TABLE reporting.fact_input_changes ADD COLUMN is_validated boolean;
ALTER TABLE reporting.fact_input_changes ADD COLUMN validation_errors jsonb;
ALTER TABLE reporting.fact_input_changes ADD COLUMN etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
CREATE INDEX IF NOT EXISTS fact_input_node_only_idx ON reporting.fact_input_changes (node_id, changed_at);

-- fact_node_calculations (calc_id stays the source calc id)
ALTER TABLE reporting.fact_node_calculations RENAME COLUMN status TO calc_status;
ALTER TABLE reporting.fact_node_calculations RENAME COLUMN processing_duration TO processing_duration_sec;
ALTER TABLE reporting.fact_node_calculations ADD COLUMN etl_loaded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
CREATE INDEX IF NOT EXISTS fact_calc_status_idx ON reporting.fact_node_calculations (calc_status);

-- forecast_init_id is new here: the next ETL run reads every scenario again to fill it
-- (sql/etl/rescan_scenarios_take.sql), then removes this mark.
INSERT INTO reporting.settings (name, value)
SELECT 'rescan_scenarios', 'forecast_init_id' WHERE EXISTS (SELECT 1 FROM reporting.dim_scenario)
ON CONFLICT (name) DO NOTHING;
