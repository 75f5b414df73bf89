-- Reporting schema version 2: what lets per-scenario reads skip other months (the optional
-- partitioned layout, sql/reporting/layouts/partitioned.sql), in both layouts.

-- Settings of this reporting schema; `fact_layout` is 'plain' or 'partitioned' (chosen when
-- the schema is created: `etl --partitioned`).
CREATE TABLE IF NOT EXISTS reporting.settings (
    name  text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO reporting.settings (name, value) VALUES ('fact_layout', 'plain') ON CONFLICT (name) DO NOTHING;

-- The run's start on each of its node calcs: the calcs of a run are in that run's month.
ALTER TABLE reporting.fact_node_calculations ADD COLUMN IF NOT EXISTS run_at timestamp;
UPDATE reporting.fact_node_calculations c
   SET run_at = r.run_at
  FROM reporting.dim_run r
 WHERE r.run_id = c.run_id AND c.run_at IS NULL;

-- Exact time bounds of each scenario's events, derived by the ETL with the other statistics:
-- every event, change and save of a scenario lies at or after first_event_at (its first saves
-- are INPUT_CHANGED events), every event at or before last_event_at.
ALTER TABLE reporting.dim_scenario ADD COLUMN IF NOT EXISTS first_event_at timestamp;
ALTER TABLE reporting.dim_scenario ADD COLUMN IF NOT EXISTS last_event_at timestamp;
UPDATE reporting.dim_scenario s
   SET first_event_at = e.first_at, last_event_at = e.last_at
  FROM (SELECT scenario_id, min(event_timestamp) AS first_at, max(event_timestamp) AS last_at
          FROM reporting.fact_scenario_events
         GROUP BY scenario_id) e
 WHERE e.scenario_id = s.scenario_id;
