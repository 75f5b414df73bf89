/**
 * The Power BI semantic model of the reporting schema (the design's section 8.2 and 8.3):
 * one import table per reporting table with the design's columns (plus the few of ours the
 * pages need), the design's relationships, and the measures. Pure data: rendered to TMDL by
 * tmdl.ts, read back and checked against the migrated schema by the tests.
 */
import { FAILED_RUN_STATUSES } from '../core/runRules';

/** Column types as information_schema.columns.data_type names them. */
export type SqlType = 'uuid' | 'text' | 'timestamp without time zone' | 'numeric' | 'integer' | 'smallint' | 'bigint' | 'boolean' | 'jsonb';

/** TMDL data types. */
export type TmdlType = 'string' | 'dateTime' | 'decimal' | 'int64' | 'boolean';

export interface ModelColumn {
  name: string;
  sql: SqlType;
  /** One of the design's columns (section 6.1); false = one of ours the pages use. */
  design: boolean;
  description: string;
  /** Shown as a number with this format (TMDL formatString). */
  format?: string;
  hidden?: boolean;
}

export interface CalculatedColumn {
  name: string;
  /** DAX. */
  expression: string;
  dataType: TmdlType;
  format?: string;
  description: string;
}

export interface Measure {
  name: string;
  /** DAX. */
  expression: string;
  format?: string;
  description: string;
}

export interface ModelTable {
  name: string;
  description: string;
  columns: ModelColumn[];
  calculated?: CalculatedColumn[];
  measures?: Measure[];
}

export interface Relationship {
  /** Stable name (TMDL relationship names are ids). */
  name: string;
  /** The many side (fact). */
  from: { table: string; column: string };
  /** The one side (dimension). */
  to: { table: string; column: string };
  active: boolean;
  /** In the design's section 8.2; false = added for the pages. */
  design: boolean;
  why?: string;
}

/**
 * Each TMDL data type with the Power Query type the partitions cast to
 * (Table.TransformColumnTypes) and the column types read as it.
 */
const TYPE_FAMILIES: Array<{ tmdl: TmdlType; m: string; sql: SqlType[] }> = [
  { tmdl: 'string', m: 'type text', sql: ['uuid', 'text', 'jsonb'] },
  { tmdl: 'dateTime', m: 'type datetime', sql: ['timestamp without time zone'] },
  { tmdl: 'decimal', m: 'type number', sql: ['numeric'] },
  { tmdl: 'int64', m: 'Int64.Type', sql: ['integer', 'smallint', 'bigint'] },
  { tmdl: 'boolean', m: 'type logical', sql: ['boolean'] },
];

function bySqlType<T>(pick: (family: (typeof TYPE_FAMILIES)[number]) => T): Record<SqlType, T> {
  return Object.fromEntries(TYPE_FAMILIES.flatMap((f) => f.sql.map((sql) => [sql, pick(f)]))) as Record<SqlType, T>;
}

export const TMDL_TYPE: Record<SqlType, TmdlType> = bySqlType((f) => f.tmdl);

/** Power Query type of each column type (Table.TransformColumnTypes in the partitions). */
export const M_TYPE: Record<SqlType, string> = bySqlType((f) => f.m);

const UUID: SqlType = 'uuid';
const TEXT: SqlType = 'text';
const TS: SqlType = 'timestamp without time zone';
const NUM: SqlType = 'numeric';
const INT: SqlType = 'integer';
const BOOL: SqlType = 'boolean';
const JSONB: SqlType = 'jsonb';

function d(name: string, sql: SqlType, description: string, extra: Partial<ModelColumn> = {}): ModelColumn {
  return { name, sql, design: true, description, ...extra };
}
function ours(name: string, sql: SqlType, description: string, extra: Partial<ModelColumn> = {}): ModelColumn {
  return { name, sql, design: false, description, ...extra };
}
const LOADED = d('etl_loaded_at', TS, 'When the ETL last wrote the row (UTC).', { hidden: true });

const FAILED_RUN = `{${FAILED_RUN_STATUSES.map((s) => `"${s}"`).join(', ')}}`;
const RED = '"#D13438"';
const GREEN = '"#107C10"';
const GREY = '"#605E5C"';
const INK = '"#252423"';

export const MODEL_TABLES: ModelTable[] = [
  {
    name: 'dim_scenario',
    description: 'Forecast scenarios with their model (one row per scenario).',
    columns: [
      d('scenario_id', UUID, 'Scenario id (key).'),
      d('scenario_name', TEXT, 'Scenario display name.'),
      d('scenario_status', TEXT, 'draft, submitted, locked or archived.'),
      d('model_id', UUID, 'Model id.'),
      d('model_name', TEXT, 'Model display name.'),
      d('model_disease_area', TEXT, "The model's disease area."),
      d('therapeutic_area', TEXT, "The model's therapeutic area."),
      d('forecast_init_id', UUID, 'Forecast initialisation the scenario started from.'),
      d('scenario_region', TEXT, 'Region.'),
      d('scenario_country', TEXT, 'Country.'),
      d('created_at', TS, 'Created (UTC).'),
      d('created_by', TEXT, 'Created by (user id).'),
      d('submitted_at', TS, 'Submitted (UTC).'),
      d('locked_at', TS, 'Locked (UTC).'),
      d('is_starter', BOOL, 'A starter scenario.'),
      LOADED,
    ],
    measures: [
      { name: 'Total Scenarios', expression: 'COUNTROWS ( dim_scenario )', format: '#,0', description: 'Scenarios in the current filters.' },
    ],
  },
  {
    name: 'dim_user',
    description: 'Users who acted on scenarios (the source knows them by id: username = user_id).',
    columns: [
      d('user_id', TEXT, 'User id (key).'),
      d('username', TEXT, 'User name (the user id: the source has no user table).'),
      d('first_seen_at', TS, 'First action (UTC).'),
      d('last_seen_at', TS, 'Last action (UTC).'),
      LOADED,
    ],
  },
  {
    name: 'dim_node',
    description: 'Model nodes.',
    columns: [
      d('node_id', UUID, 'Node id (key).'),
      d('node_name', TEXT, 'Node display name.'),
      d('node_type', TEXT, 'input, calculation or output.'),
      d('model_id', UUID, 'Model id.'),
      d('node_group_name', TEXT, 'Node group.'),
      d('node_seq', INT, 'Order in the model.'),
      LOADED,
    ],
  },
  {
    name: 'dim_run',
    description: 'Scenario runs (one row per run).',
    columns: [
      d('run_id', UUID, 'Run id (key).'),
      d('scenario_id', UUID, 'Scenario of the run.'),
      d('run_status', TEXT, 'queued, running, success, failed or timeout.'),
      d('run_at', TS, 'Started (UTC).'),
      d('run_complete_at', TS, 'Ended (UTC; blank while open).'),
      d('duration_seconds', NUM, 'run_complete_at − run_at in seconds (blank while open).', { format: '#,0.0' }),
      d('run_by', TEXT, 'Started by (user id).'),
      d('fail_reason', TEXT, 'Why the run failed.'),
      d('total_nodes', INT, 'Node calcs of the run.'),
      d('nodes_succeeded', INT, 'Node calcs with status success.'),
      d('nodes_failed', INT, 'Node calcs with status failed.'),
      ours('fail_signature', TEXT, 'fail_reason with ids, numbers and quoted values normalised (groups the same error).'),
      LOADED,
    ],
    calculated: [
      {
        name: 'run_date',
        expression: 'DATE ( YEAR ( dim_run[run_at] ), MONTH ( dim_run[run_at] ), DAY ( dim_run[run_at] ) )',
        dataType: 'dateTime',
        format: 'yyyy-mm-dd',
        description: 'The UTC day the run started (runs per day).',
      },
    ],
    measures: [
      { name: 'Total Runs', expression: 'COUNTROWS ( dim_run )', format: '#,0', description: 'Runs in the current filters.' },
      {
        name: 'Success Rate',
        expression: 'DIVIDE ( CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] = "success" ), COUNTROWS ( dim_run ), 0 )',
        format: '0.0%',
        description: 'Runs with status success ÷ all runs (0 when none).',
      },
      { name: 'Avg Run Duration', expression: 'AVERAGE ( dim_run[duration_seconds] )', format: '#,0.0', description: 'Average run duration in seconds (finished runs).' },
      {
        name: 'Total Failures',
        expression: `CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] IN ${FAILED_RUN} )`,
        format: '#,0',
        description: 'Runs with status failed or timeout.',
      },
      { name: 'Last Run Time', expression: 'MAX ( dim_run[run_at] )', format: 'yyyy-mm-dd hh:nn:ss', description: 'Latest run start (UTC).' },
      {
        name: 'Run Status Color',
        expression: `SWITCH ( SELECTEDVALUE ( dim_run[run_status] ), "success", ${GREEN}, "failed", ${RED}, "timeout", ${RED}, ${GREY} )`,
        description: 'Green for success, red for failed / timeout (run history table).',
      },
      {
        name: 'Run Statuses',
        expression: 'CONCATENATEX ( VALUES ( dim_run[run_status] ), dim_run[run_status], ", " )',
        description: 'The run statuses in context (duration trend tooltip).',
      },
      {
        name: 'Latest Error Text',
        expression: 'VAR latest = MAX ( dim_run[run_at] )\nRETURN\n    CALCULATE ( MAX ( dim_run[fail_reason] ), dim_run[run_at] = latest )',
        description: 'The full error text of the latest run in context (error treemap tooltip).',
      },
      {
        name: 'Last Success Run At',
        expression: 'CALCULATE ( MAX ( dim_run[run_at] ), dim_run[run_status] = "success" )',
        format: 'yyyy-mm-dd hh:nn:ss',
        description: 'Start of the last successful run.',
      },
      {
        name: 'First Failure Run At',
        expression: `VAR lastSuccess = [Last Success Run At]\nRETURN\n    CALCULATE ( MIN ( dim_run[run_at] ), dim_run[run_status] IN ${FAILED_RUN}, dim_run[run_at] > lastSuccess )`,
        format: 'yyyy-mm-dd hh:nn:ss',
        description: 'Start of the first failed or timed-out run after the last success.',
      },
      {
        name: 'Last Success Duration',
        expression: 'VAR t = [Last Success Run At]\nRETURN\n    CALCULATE ( MAX ( dim_run[duration_seconds] ), dim_run[run_at] = t )',
        format: '#,0.0',
        description: 'Duration (s) of the last successful run.',
      },
      {
        name: 'First Failure Duration',
        expression: 'VAR t = [First Failure Run At]\nRETURN\n    CALCULATE ( MAX ( dim_run[duration_seconds] ), dim_run[run_at] = t )',
        format: '#,0.0',
        description: 'Duration (s) of the first failed run after it.',
      },
      {
        name: 'First Failure Error',
        expression: 'VAR t = [First Failure Run At]\nRETURN\n    CALCULATE ( MAX ( dim_run[fail_reason] ), dim_run[run_at] = t )',
        description: 'Error of the first failed run after the last success.',
      },
    ],
  },
  {
    name: 'fact_scenario_events',
    description: 'The scenario timeline: lifecycle steps, input changes, runs, failed node calcs.',
    columns: [
      d('event_id', 'bigint', 'Event key (surrogate).'),
      d('scenario_id', UUID, 'Scenario.'),
      d('event_user', TEXT, 'User who acted.'),
      d('node_id', UUID, 'Node (input changes, failed node calcs).'),
      d('run_id', UUID, 'Run (run and node calc events).'),
      d('event_type', TEXT, 'SCENARIO_CREATED … NODE_CALC_FAILED.'),
      d('event_timestamp', TS, 'When (UTC).', { format: 'yyyy-mm-dd hh:nn:ss' }),
      d('event_description', TEXT, 'What happened, in words.'),
      d('request_id', UUID, 'Request id of the action.'),
      d('event_details', JSONB, 'Details (JSON).'),
      ours('event_rank', 'smallint', 'Lane of the event type on the timeline.', { hidden: true }),
      LOADED,
    ],
    measures: [
      { name: 'Event Count', expression: 'COUNTROWS ( fact_scenario_events )', format: '#,0', description: 'Events in the current filters.' },
      { name: 'Event Time', expression: 'MAX ( fact_scenario_events[event_timestamp] )', format: 'yyyy-mm-dd hh:nn:ss', description: 'When (timeline X).' },
      { name: 'Event Lane', expression: 'MAX ( fact_scenario_events[event_rank] )', format: '0', description: 'Lane of the event type (timeline Y).' },
      { name: 'Event Description', expression: 'SELECTEDVALUE ( fact_scenario_events[event_description] )', description: 'What happened (timeline tooltip).' },
      { name: 'Event User', expression: 'SELECTEDVALUE ( fact_scenario_events[event_user] )', description: 'Who acted (timeline tooltip).' },
      {
        name: 'Event Color',
        expression: `IF ( SELECTEDVALUE ( fact_scenario_events[event_type] ) IN { "RUN_FAILED", "RUN_TIMEOUT", "NODE_CALC_FAILED" }, ${RED}, ${INK} )`,
        description: 'Red for errors (event log).',
      },
      {
        name: 'Run Events',
        expression: 'CALCULATE ( COUNTROWS ( fact_scenario_events ), USERELATIONSHIP ( fact_scenario_events[run_id], dim_run[run_id] ) )',
        format: '#,0',
        description: "Events of the runs in context (the design's dim_run → events relationship, inactive in the model).",
      },
    ],
  },
  {
    name: 'fact_input_changes',
    description: 'Every input save: INITIAL_VALUE, VALUE_CHANGED, or NO_CHANGE (a save repeating the previous hash).',
    columns: [
      d('change_id', 'bigint', 'Change key (surrogate).'),
      d('scenario_id', UUID, 'Scenario.'),
      d('node_id', UUID, 'Input node.'),
      d('changed_at', TS, 'Saved (UTC).'),
      d('changed_by', TEXT, 'Saved by (user id).'),
      d('previous_hash', TEXT, 'Hash of the previous save of the node.'),
      d('current_hash', TEXT, 'Hash of this save.'),
      d('change_type', TEXT, 'INITIAL_VALUE, VALUE_CHANGED or NO_CHANGE.'),
      d('input_data', JSONB, 'The saved input (JSON).'),
      d('is_validated', BOOL, 'Blank: the source has no validation data.'),
      d('validation_errors', JSONB, 'Blank: the source has no validation data.'),
      ours('end_at', TS, 'When a later save replaced this one (blank: still in force).'),
      LOADED,
    ],
    measures: [
      {
        name: 'Input Change Count',
        expression: 'CALCULATE ( COUNTROWS ( fact_input_changes ), fact_input_changes[change_type] IN { "INITIAL_VALUE", "VALUE_CHANGED" } )',
        format: '#,0',
        description: 'Saves that are changes (not NO_CHANGE).',
      },
      {
        name: 'Input At Run 1',
        expression:
          'VAR t = CALCULATE ( MIN ( dim_run[run_at] ), ALLSELECTED ( dim_run ) )\nRETURN\n    CALCULATE (\n        MAX ( fact_input_changes[current_hash] ),\n        fact_input_changes[changed_at] <= t,\n        FILTER ( ALL ( fact_input_changes[end_at] ), ISBLANK ( fact_input_changes[end_at] ) || fact_input_changes[end_at] > t )\n    )',
        description: 'Hash of the input in force when the earlier selected run started.',
      },
      {
        name: 'Input At Run 2',
        expression:
          'VAR t = CALCULATE ( MAX ( dim_run[run_at] ), ALLSELECTED ( dim_run ) )\nRETURN\n    CALCULATE (\n        MAX ( fact_input_changes[current_hash] ),\n        fact_input_changes[changed_at] <= t,\n        FILTER ( ALL ( fact_input_changes[end_at] ), ISBLANK ( fact_input_changes[end_at] ) || fact_input_changes[end_at] > t )\n    )',
        description: 'Hash of the input in force when the later selected run started.',
      },
      {
        name: 'Input Difference',
        expression:
          'VAR a = [Input At Run 1]\nVAR b = [Input At Run 2]\nRETURN\n    IF ( ISBLANK ( a ) && ISBLANK ( b ), BLANK (), IF ( a = b, "same", "changed" ) )',
        description: 'Whether the input differs between the two selected runs.',
      },
      {
        name: 'Inputs Changed Between',
        expression:
          'VAR a = [Last Success Run At]\nVAR b = [First Failure Run At]\nRETURN\n    CALCULATE ( [Input Change Count], fact_input_changes[changed_at] > a, fact_input_changes[changed_at] <= b )',
        format: '#,0',
        description: 'Input changes between the last success and the first failure after it.',
      },
    ],
  },
  {
    name: 'fact_node_calculations',
    description: 'Node calculations of each run.',
    columns: [
      d('calc_id', UUID, 'Calc id (the source id).'),
      d('run_id', UUID, 'Run.'),
      d('scenario_id', UUID, 'Scenario.'),
      d('node_id', UUID, 'Node.'),
      d('processing_start_at', TS, 'Processing started (UTC).'),
      d('processing_end_at', TS, 'Processing ended (UTC).'),
      d('processing_duration_sec', NUM, 'Processing time in seconds.', { format: '#,0.000' }),
      d('calc_status', TEXT, 'success, failed or skipped.'),
      d('fail_reason', TEXT, 'Why the calc failed.'),
      LOADED,
    ],
    measures: [
      {
        name: 'Failed Nodes',
        expression: 'CALCULATE ( DISTINCTCOUNT ( fact_node_calculations[node_id] ), fact_node_calculations[calc_status] = "failed" )',
        format: '#,0',
        description: 'Distinct nodes with a failed calc.',
      },
      {
        name: 'Node Failure Count',
        expression: 'CALCULATE ( COUNTROWS ( fact_node_calculations ), fact_node_calculations[calc_status] = "failed" )',
        format: '#,0',
        description: 'Failed node calcs.',
      },
      { name: 'Calc Count', expression: 'COUNTROWS ( fact_node_calculations )', format: '#,0', description: 'Node calcs.' },
      {
        name: 'Avg Processing Time',
        expression: 'AVERAGE ( fact_node_calculations[processing_duration_sec] )',
        format: '#,0.000',
        description: 'Average processing time (s).',
      },
    ],
  },
];

export const MODEL_RELATIONSHIPS: Relationship[] = [
  { name: 'events_scenario', from: { table: 'fact_scenario_events', column: 'scenario_id' }, to: { table: 'dim_scenario', column: 'scenario_id' }, active: true, design: true },
  { name: 'events_user', from: { table: 'fact_scenario_events', column: 'event_user' }, to: { table: 'dim_user', column: 'user_id' }, active: true, design: true },
  { name: 'events_node', from: { table: 'fact_scenario_events', column: 'node_id' }, to: { table: 'dim_node', column: 'node_id' }, active: true, design: true },
  {
    name: 'events_run',
    from: { table: 'fact_scenario_events', column: 'run_id' },
    to: { table: 'dim_run', column: 'run_id' },
    active: false,
    design: true,
    why: 'inactive: with runs_scenario active, dim_scenario would reach the events on two paths (Power BI refuses ambiguous paths); the measure Run Events uses it',
  },
  { name: 'calcs_run', from: { table: 'fact_node_calculations', column: 'run_id' }, to: { table: 'dim_run', column: 'run_id' }, active: true, design: true },
  { name: 'changes_node', from: { table: 'fact_input_changes', column: 'node_id' }, to: { table: 'dim_node', column: 'node_id' }, active: true, design: true },
  {
    name: 'runs_scenario',
    from: { table: 'dim_run', column: 'scenario_id' },
    to: { table: 'dim_scenario', column: 'scenario_id' },
    active: true,
    design: false,
    why: 'scenario slicers filter runs and their calcs (pages 1, 3, 4)',
  },
  {
    name: 'changes_scenario',
    from: { table: 'fact_input_changes', column: 'scenario_id' },
    to: { table: 'dim_scenario', column: 'scenario_id' },
    active: true,
    design: false,
    why: 'the scenario selector filters the input comparison (page 3)',
  },
  {
    name: 'calcs_node',
    from: { table: 'fact_node_calculations', column: 'node_id' },
    to: { table: 'dim_node', column: 'node_id' },
    active: true,
    design: false,
    why: 'failed nodes and processing time by node and node type (page 4)',
  },
];

/** Every measure with its home table. */
export function allMeasures(): Array<Measure & { table: string }> {
  return MODEL_TABLES.flatMap((t) => (t.measures ?? []).map((m) => ({ ...m, table: t.name })));
}
