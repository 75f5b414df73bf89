-- Reporting schema: the error category of each failed run and failed node calculation
-- (timeout, validation, calculation, data, database, infrastructure, other), derived by the
-- ETL from the fail reason by the rules of src/core/errorCategory.ts. NULL when it did not
-- fail. Rows loaded before this version are categorised by the ETL in the same transaction
-- as this migration (src/etl/categories.ts), so no failure is left without one.
ALTER TABLE reporting.dim_run ADD COLUMN IF NOT EXISTS error_category text;
ALTER TABLE reporting.fact_node_calculations ADD COLUMN IF NOT EXISTS error_category text;
CREATE INDEX IF NOT EXISTS dim_run_category_idx ON reporting.dim_run (error_category, run_at) WHERE error_category IS NOT NULL;
