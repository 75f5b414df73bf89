-- Migration 013: what the log load (src/etl/logs/) needs beside migration 010's fact_cloudwatch_log.
--
-- record_ids: every UUID the record names (header and stack), lower case, in order. It makes
-- a run's logs read from the reporting schema the same records as a live search (a record
-- belongs to a run when it names the run, its request or its scenario), and lets a record
-- loaded before its run is resolved when the run arrives.
ALTER TABLE reporting.fact_cloudwatch_log ADD COLUMN IF NOT EXISTS record_ids uuid[] NOT NULL DEFAULT '{}';

-- The records still waiting for their run: resolution after each load looks only at the recent
-- ones (log_timestamp), through this index, never at the whole table.
CREATE INDEX IF NOT EXISTS fact_log_unresolved_idx ON reporting.fact_cloudwatch_log (log_timestamp)
    WHERE run_id IS NULL AND record_ids <> '{}';

-- Where each log source was read to (a file's byte offset, line and fingerprint; a CloudWatch
-- group's first and last window): rows `logs:<source>` of etl_state, beside the summary row `logs`.
ALTER TABLE reporting.etl_state ADD COLUMN IF NOT EXISTS position jsonb;
