/**
 * The original design's reporting tables, relationships and measures, restated from
 * docs/design/reporting-design.md (sections 6.1, 8.2, 8.3) as the tests' oracle.
 * Types as information_schema.columns.data_type names them; `id` (BIGSERIAL) is bigint.
 */
const TS = 'timestamp without time zone';

export const DESIGN_TABLES: Record<string, Array<[string, string]>> = {
  dim_scenario: [
    ['scenario_id', 'uuid'],
    ['scenario_name', 'text'],
    ['scenario_status', 'text'],
    ['model_id', 'uuid'],
    ['model_name', 'text'],
    ['model_disease_area', 'text'],
    ['therapeutic_area', 'text'],
    ['forecast_init_id', 'uuid'],
    ['scenario_region', 'text'],
    ['scenario_country', 'text'],
    ['created_at', TS],
    ['created_by', 'text'],
    ['submitted_at', TS],
    ['locked_at', TS],
    ['is_starter', 'boolean'],
  ],
  dim_user: [
    ['user_id', 'text'],
    ['username', 'text'],
    ['first_seen_at', TS],
    ['last_seen_at', TS],
  ],
  dim_node: [
    ['node_id', 'uuid'],
    ['node_name', 'text'],
    ['node_type', 'text'],
    ['model_id', 'uuid'],
    ['node_group_name', 'text'],
    ['node_seq', 'integer'],
  ],
  dim_run: [
    ['run_id', 'uuid'],
    ['scenario_id', 'uuid'],
    ['run_status', 'text'],
    ['run_at', TS],
    ['run_complete_at', TS],
    ['duration_seconds', 'numeric'],
    ['run_by', 'text'],
    ['fail_reason', 'text'],
    ['total_nodes', 'integer'],
    ['nodes_succeeded', 'integer'],
    ['nodes_failed', 'integer'],
  ],
  fact_scenario_events: [
    ['event_id', 'bigint'],
    ['scenario_id', 'uuid'],
    ['event_user', 'text'],
    ['node_id', 'uuid'],
    ['run_id', 'uuid'],
    ['event_type', 'text'],
    ['event_timestamp', TS],
    ['event_description', 'text'],
    ['request_id', 'uuid'],
    ['event_details', 'jsonb'],
  ],
  fact_input_changes: [
    ['change_id', 'bigint'],
    ['scenario_id', 'uuid'],
    ['node_id', 'uuid'],
    ['changed_at', TS],
    ['changed_by', 'text'],
    ['previous_hash', 'text'],
    ['current_hash', 'text'],
    ['change_type', 'text'],
    ['input_data', 'jsonb'],
    ['is_validated', 'boolean'],
    ['validation_errors', 'jsonb'],
  ],
  fact_node_calculations: [
    // calc_id: the design's surrogate key; ours is the source calc id (uuid), as the issue allows.
    ['calc_id', 'uuid'],
    ['run_id', 'uuid'],
    ['scenario_id', 'uuid'],
    ['node_id', 'uuid'],
    ['processing_start_at', TS],
    ['processing_end_at', TS],
    ['processing_duration_sec', 'numeric'],
    ['calc_status', 'text'],
    ['fail_reason', 'text'],
  ],
};
for (const cols of Object.values(DESIGN_TABLES)) cols.push(['etl_loaded_at', TS]);

/** Section 8.2: dimension (one) → fact (many). */
export const DESIGN_RELATIONSHIPS: Array<{ one: string; many: string }> = [
  { one: 'dim_scenario.scenario_id', many: 'fact_scenario_events.scenario_id' },
  { one: 'dim_user.user_id', many: 'fact_scenario_events.event_user' },
  { one: 'dim_node.node_id', many: 'fact_scenario_events.node_id' },
  { one: 'dim_run.run_id', many: 'fact_scenario_events.run_id' },
  { one: 'dim_run.run_id', many: 'fact_node_calculations.run_id' },
  { one: 'dim_node.node_id', many: 'fact_input_changes.node_id' },
];

/** Section 8.3. */
export const DESIGN_MEASURES = ['Success Rate', 'Avg Run Duration', 'Total Failures', 'Last Run Time', 'Failed Nodes', 'Input Change Count'];

/**
 * The Power BI (TMDL) data type each PostgreSQL type is read as: the oracle for the model's
 * column types, restated here rather than taken from src/powerbi/model.ts.
 */
export const TMDL_OF: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  jsonb: 'string',
  'timestamp without time zone': 'dateTime',
  // Durations and other fractions: double (TMDL decimal is the fixed 4-decimal currency type).
  numeric: 'double',
  'double precision': 'double',
  integer: 'int64',
  smallint: 'int64',
  bigint: 'int64',
  boolean: 'boolean',
};
