/**
 * The Power BI semantic model of the reporting schema: the first design's star (section 8.2
 * and 8.3) and its second part (logs, lifecycle transitions, user actions, run diagnostics
 * and the audit trail, migration 010): one import table per reporting table with the design's
 * columns (plus the few of ours the pages need), two calculated tables for choosing the runs
 * to compare, the relationships, and the measures. Pure data: rendered to TMDL by tmdl.ts,
 * read back and checked against the migrated schema by the tests.
 */
import { FAILED_RUN_STATUSES, FINISHED_RUN_STATUSES, OPEN_RUN_STATUSES } from '../core/runRules';
import { DESIGN_CATEGORIES } from '../core/errorCategory';

/** Column types as information_schema.columns.data_type names them. */
export type SqlType = 'uuid' | 'text' | 'timestamp without time zone' | 'numeric' | 'double precision' | 'integer' | 'smallint' | 'bigint' | 'boolean' | 'jsonb';

/** TMDL data types. */
export type TmdlType = 'string' | 'dateTime' | 'double' | 'int64' | 'boolean';

export interface ModelColumn {
  name: string;
  sql: SqlType;
  /** One of the design's columns (section 6.1 or its second part); false = one of ours the pages use. */
  design: boolean;
  description: string;
  /** Shown as a number with this format (TMDL formatString). */
  format?: string;
  hidden?: boolean;
  /** Sorted by this column of the same table (one value of it per value of this column). */
  sortBy?: string;
  folder?: string;
}

export interface CalculatedColumn {
  name: string;
  /** DAX. */
  expression: string;
  dataType: TmdlType;
  format?: string;
  description: string;
  hidden?: boolean;
  sortBy?: string;
  folder?: string;
}

export interface Measure {
  name: string;
  /** DAX. */
  expression: string;
  format?: string;
  description: string;
  /** Display folder in the Fields pane. */
  folder: string;
}

/** Where an import table's rows come from: a reporting table, or a native query (the materialized view). */
export type TableSource = { kind: 'table' } | { kind: 'query'; sql: string };

export interface ModelTable {
  name: string;
  description: string;
  /** Import columns (from PostgreSQL); empty for a calculated table. */
  columns: ModelColumn[];
  calculated?: CalculatedColumn[];
  measures?: Measure[];
  source?: TableSource;
  /** A calculated table (DAX): its columns are `calculated` with `expression` = the source column name. */
  calculatedTable?: { expression: string; columns: Array<{ name: string; dataType: TmdlType; description: string; format?: string; hidden?: boolean; sortBy?: string }> };
  hidden?: boolean;
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
 * (Table.TransformColumnTypes) and the column types read as it. Durations and other
 * non-integer numbers are `double` (Power Query's `type number`): TMDL `decimal` is the
 * fixed four-decimal (currency) type, which would round a duration of 0.00005 s to 0.
 */
const TYPE_FAMILIES: Array<{ tmdl: TmdlType; m: string; sql: SqlType[] }> = [
  { tmdl: 'string', m: 'type text', sql: ['uuid', 'text', 'jsonb'] },
  { tmdl: 'dateTime', m: 'type datetime', sql: ['timestamp without time zone'] },
  { tmdl: 'double', m: 'type number', sql: ['numeric', 'double precision'] },
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
const DBL: SqlType = 'double precision';
const INT: SqlType = 'integer';
const BIG: SqlType = 'bigint';
const BOOL: SqlType = 'boolean';
const JSONB: SqlType = 'jsonb';

function d(name: string, sql: SqlType, description: string, extra: Partial<ModelColumn> = {}): ModelColumn {
  return { name, sql, design: true, description, ...extra };
}
function ours(name: string, sql: SqlType, description: string, extra: Partial<ModelColumn> = {}): ModelColumn {
  return { name, sql, design: false, description, ...extra };
}
const LOADED = d('etl_loaded_at', TS, 'When the ETL last wrote the row (UTC).', { hidden: true });
const METADATA = d('metadata', JSONB, 'What has no column of its own (JSON).', { hidden: true });

const list = (values: readonly string[]): string => `{${values.map((s) => `"${s}"`).join(', ')}}`;
const FAILED_RUN = list(FAILED_RUN_STATUSES);
const FINISHED_RUN = list(FINISHED_RUN_STATUSES);
const OPEN_RUN = list(OPEN_RUN_STATUSES);
/** Log levels counted as errors and as warnings (DAX compares text case-insensitively). */
const ERROR_LEVELS = list(['error', 'fatal', 'critical']);
const WARNING_LEVELS = list(['warn', 'warning']);
/**
 * The design counts change_type "CHANGED" as an input change. Ours are INITIAL_VALUE (a
 * node's first save in a scenario: nothing changed from), VALUE_CHANGED (the hash differs
 * from the previous save: the design's CHANGED) and NO_CHANGE (a save repeating the previous
 * hash, kept for exact snapshots). So an input change is a VALUE_CHANGED row.
 */
export const DESIGN_CHANGED = 'VALUE_CHANGED';
const RED = '"#D13438"';
const AMBER = '"#CA5010"';
const GREEN = '"#107C10"';
const GREY = '"#605E5C"';
const INK = '"#252423"';
const F = {
  runs: 'Runs',
  reliability: 'Reliability',
  events: 'Events',
  inputs: 'Inputs',
  nodes: 'Node calcs',
  comparison: 'Run comparison',
  diagnostics: 'Run diagnostics',
  logs: 'Logs',
  journey: 'User journey',
  lifecycle: 'Lifecycle',
  audit: 'Audit trail',
  colours: 'Colours',
  scenarios: 'Scenarios',
};

function m(name: string, expression: string, description: string, folder: string, format?: string): Measure {
  return { name, expression, description, folder, ...(format ? { format } : {}) };
}
const COUNT = '#,0';
const SECONDS = '#,0.0';
const PCT = '0.0%';
const WHEN = 'yyyy-mm-dd hh:nn:ss';

/** The value of a run's column for run id `v` (a variable), whatever filters dim_run has. */
const ofRun = (v: string, expr: string): string => `CALCULATE ( ${expr}, REMOVEFILTERS ( dim_run ), dim_run[run_id] = ${v} )`;

/**
 * The input a node had when a run started, in the run's scenario: the save in force at `t`
 * (changed_at ≤ t, replaced after t or never). Its value; where the copy has no input values
 * (`etl --no-input-values`) the hash, said so.
 */
function inputInForce(t: string, s: string): string {
  const inForce = `fact_input_changes[scenario_id] = ${s}, fact_input_changes[changed_at] <= ${t}, FILTER ( ALL ( fact_input_changes[end_at] ), ISBLANK ( fact_input_changes[end_at] ) || fact_input_changes[end_at] > ${t} )`;
  return [
    `VAR v = CALCULATE ( MAX ( fact_input_changes[input_data] ), ${inForce} )`,
    `VAR h = CALCULATE ( MAX ( fact_input_changes[current_hash] ), ${inForce} )`,
    'RETURN',
    '    IF ( ISBLANK ( v ) && NOT ISBLANK ( h ), "(value not copied; hash " & LEFT ( h, 12 ) & ")", v )',
  ].join('\n');
}

/** The measures of one side of the run comparison (A: the earlier, by default the last success; B: the later, by default the first failure after it). */
function runSide(side: 'A' | 'B'): Measure[] {
  const table = side === 'A' ? 'run_a' : 'run_b';
  const fallback = side === 'A' ? '[Last Success Run Id]' : '[First Failure Run Id]';
  const what = side === 'A' ? 'the run chosen in the Run A slicer; none chosen: the last successful run' : 'the run chosen in the Run B slicer; none chosen: the first failed run after the last success';
  const id = `VAR r = [Run ${side} Id]\nRETURN`;
  return [
    m(`Run ${side} Id`, `VAR picked = SELECTEDVALUE ( ${table}[${table}_id] )\nRETURN\n    IF ( NOT ISBLANK ( picked ), picked, ${fallback} )`, `Run ${side}: ${what}.`, F.comparison),
    m(`Run ${side} Start`, `${id}\n    ${ofRun('r', 'MAX ( dim_run[run_at] )')}`, `When run ${side} started (UTC).`, F.comparison, WHEN),
    m(`Run ${side} Status`, `${id}\n    ${ofRun('r', 'MAX ( dim_run[run_status] )')}`, `Status of run ${side}.`, F.comparison),
    m(`Run ${side} Duration`, `${id}\n    ${ofRun('r', 'MAX ( dim_run[duration_seconds] )')}`, `Duration of run ${side} in seconds (blank while open).`, F.comparison, SECONDS),
    m(`Run ${side} Failed Nodes`, `${id}\n    ${ofRun('r', 'SUM ( dim_run[nodes_failed] )')}`, `Node calcs of run ${side} with status failed.`, F.comparison, COUNT),
    m(`Run ${side} Error`, `${id}\n    ${ofRun('r', 'MAX ( dim_run[fail_reason] )')}`, `Why run ${side} failed (blank if it did not).`, F.comparison),
    m(`Run ${side} Scenario`, `${id}\n    ${ofRun('r', 'MAX ( dim_run[scenario_id] )')}`, `Scenario id of run ${side}.`, F.comparison),
    m(
      side === 'A' ? 'Input Before' : 'Input After',
      `VAR t = [Run ${side} Start]\nVAR s = [Run ${side} Scenario]\n${inputInForce('t', 's')}`,
      `The input value of the node in force when run ${side} started (${side === 'A' ? 'before' : 'after'}).`,
      F.comparison,
    ),
  ];
}

/** A calculated table listing the runs, for one slicer of the comparison (no relationship to dim_run: choosing a run filters nothing by itself). */
function runChoice(side: 'a' | 'b'): ModelTable {
  const p = `run_${side}`;
  const label = 'FORMAT ( dim_run[run_at], "yyyy-mm-dd hh:nn" ) & "  " & dim_run[run_status] & "  " & LEFT ( dim_run[run_id], 8 )';
  return {
    name: p,
    description: `The runs to choose run ${side.toUpperCase()} of the comparison from (a copy of dim_run's keys, related to dim_scenario only, so the slicer lists the chosen scenario's runs and filters nothing else).`,
    columns: [],
    hidden: false,
    calculatedTable: {
      expression: `SELECTCOLUMNS ( dim_run, "${p}_id", dim_run[run_id], "${p}_scenario_id", dim_run[scenario_id], "${p}_at", dim_run[run_at], "${p}_label", ${label} )`,
      columns: [
        { name: `${p}_id`, dataType: 'string', description: 'Run id.' },
        { name: `${p}_scenario_id`, dataType: 'string', description: 'Scenario of the run.', hidden: true },
        { name: `${p}_at`, dataType: 'dateTime', description: 'Started (UTC).', format: WHEN },
        { name: `${p}_label`, dataType: 'string', description: 'Started, status and the run id’s first 8 characters.', sortBy: `${p}_at` },
      ],
    },
  };
}

const CATEGORY_ORDER = `SWITCH ( fact_run_diagnostic[error_category], ${DESIGN_CATEGORIES.map((c, i) => `"${c}", ${i + 1}`).join(', ')}, ${DESIGN_CATEGORIES.length + 1} )`;

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
      m('Total Scenarios', 'COUNTROWS ( dim_scenario )', 'Scenarios in the current filters.', F.scenarios, COUNT),
      m('Selected Scenario', 'SELECTEDVALUE ( dim_scenario[scenario_name], "(all scenarios)" )', 'The scenario chosen, or "(all scenarios)" (scenario card).', F.scenarios),
      m('Selected Scenario Status', 'SELECTEDVALUE ( dim_scenario[scenario_status] )', 'Status of the scenario chosen (scenario card).', F.scenarios),
      m('Selected Scenario Model', 'SELECTEDVALUE ( dim_scenario[model_name] )', 'Model of the scenario chosen (scenario card).', F.scenarios),
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
      d('run_id', UUID, 'Run id (key; the drill-through field of Run Diagnostics).'),
      d('scenario_id', UUID, 'Scenario of the run.'),
      d('run_status', TEXT, 'queued, running, success, failed or timeout.', { sortBy: 'run_status_order' }),
      d('run_at', TS, 'Started (UTC).'),
      d('run_complete_at', TS, 'Ended (UTC; blank while open).'),
      d('duration_seconds', NUM, 'run_complete_at − run_at in seconds (blank while open).', { format: SECONDS }),
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
        description: 'The UTC day the run started (runs per day, daily success rate).',
      },
      {
        name: 'run_status_order',
        expression: `SWITCH ( dim_run[run_status], ${[...OPEN_RUN_STATUSES, ...FINISHED_RUN_STATUSES].map((s, i) => `"${s}", ${i + 1}`).join(', ')}, 99 )`,
        dataType: 'int64',
        description: 'Sort order of run_status: open first, then success, failed, timeout.',
        hidden: true,
      },
    ],
    measures: [
      m('Total Runs', 'COUNTROWS ( dim_run )', 'Runs in the current filters, open ones included.', F.runs, COUNT),
      m('Finished Runs', `CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] IN ${FINISHED_RUN} )`, 'Runs that ended: success, failed or timeout.', F.runs, COUNT),
      m('Open Runs', `CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] IN ${OPEN_RUN} )`, 'Runs still queued or running (left out of Finished Success Rate).', F.runs, COUNT),
      m(
        'Success Rate',
        'DIVIDE ( CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] = "success" ), COUNTROWS ( dim_run ), 0 )',
        "The design's success rate: runs with status success ÷ all runs (0 when none). Open runs count as not successful.",
        F.reliability,
        PCT,
      ),
      m(
        'Finished Success Rate',
        `DIVIDE ( CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] = "success" ), CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] IN ${FINISHED_RUN} ), BLANK () )`,
        'Runs with status success ÷ finished runs (success, failed, timeout). Queued and running runs are left out; blank when no run finished.',
        F.reliability,
        PCT,
      ),
      m('Avg Run Duration', 'AVERAGE ( dim_run[duration_seconds] )', 'Average run duration in seconds (finished runs: open runs have no duration).', F.runs, SECONDS),
      m('Total Failures', `CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] IN ${FAILED_RUN} )`, 'Runs with status failed or timeout.', F.reliability, COUNT),
      m('Last Run Time', 'MAX ( dim_run[run_at] )', 'Latest run start (UTC).', F.runs, WHEN),
      m(
        'Run Status Color',
        `SWITCH ( SELECTEDVALUE ( dim_run[run_status] ), "success", ${GREEN}, ${FAILED_RUN_STATUSES.map((s) => `"${s}", ${RED}`).join(', ')}, ${GREY} )`,
        'Green for success, red for failed / timeout (run tables).',
        F.colours,
      ),
      m('Run Statuses', 'CONCATENATEX ( VALUES ( dim_run[run_status] ), dim_run[run_status], ", " )', 'The run statuses in context (duration trend tooltip).', F.runs),
      m(
        'Latest Error Text',
        'VAR latest = MAX ( dim_run[run_at] )\nRETURN\n    CALCULATE ( MAX ( dim_run[fail_reason] ), dim_run[run_at] = latest )',
        'The full error text of the latest run in context (error pattern tooltip).',
        F.reliability,
      ),
      m(
        'Run Scenario Name',
        'VAR s = SELECTEDVALUE ( dim_run[scenario_id] )\nRETURN\n    CALCULATE ( MAX ( dim_scenario[scenario_name] ), REMOVEFILTERS ( dim_scenario ), dim_scenario[scenario_id] = s )',
        'Name of the scenario of the run in context (Run Diagnostics).',
        F.diagnostics,
      ),
      m('Scenarios Affected', `CALCULATE ( DISTINCTCOUNT ( dim_run[scenario_id] ), dim_run[run_status] IN ${FAILED_RUN} )`, 'Scenarios with a failed or timed-out run in context (recurring errors).', F.reliability, COUNT),
      m(
        'Last Success Run At',
        'CALCULATE ( MAX ( dim_run[run_at] ), dim_run[run_status] = "success" )',
        'Start of the last successful run.',
        F.comparison,
        WHEN,
      ),
      m(
        'First Failure Run At',
        `VAR lastSuccess = [Last Success Run At]\nRETURN\n    CALCULATE ( MIN ( dim_run[run_at] ), dim_run[run_status] IN ${FAILED_RUN}, dim_run[run_at] > lastSuccess )`,
        'Start of the first failed or timed-out run after the last success.',
        F.comparison,
        WHEN,
      ),
      m(
        'Last Success Run Id',
        'VAR t = [Last Success Run At]\nRETURN\n    CALCULATE ( MAX ( dim_run[run_id] ), dim_run[run_at] = t, dim_run[run_status] = "success" )',
        'The last successful run (run A when none is chosen).',
        F.comparison,
      ),
      m(
        'First Failure Run Id',
        `VAR t = [First Failure Run At]\nRETURN\n    CALCULATE ( MAX ( dim_run[run_id] ), dim_run[run_at] = t, dim_run[run_status] IN ${FAILED_RUN} )`,
        'The first failed run after the last success (run B when none is chosen).',
        F.comparison,
      ),
      ...runSide('A'),
      ...runSide('B'),
      m(
        'Input Diff',
        'VAR a = [Input Before]\nVAR b = [Input After]\nRETURN\n    SWITCH ( TRUE (), ISBLANK ( a ) && ISBLANK ( b ), BLANK (), ISBLANK ( a ), "added", ISBLANK ( b ), "removed", EXACT ( a, b ), "same", "changed" )',
        'How the node input differs between run A and run B: changed, same, added or removed (compared exactly, case included).',
        F.comparison,
      ),
      m(
        'Input Diff Color',
        'SWITCH ( [Input Diff], "changed", ' + RED + ', "added", ' + AMBER + ', "removed", ' + AMBER + ', ' + INK + ' )',
        'Red for a changed input, amber for added or removed (input diff table).',
        F.colours,
      ),
      m(
        'Run Gap Hours',
        'VAR a = [Run A Start]\nVAR b = [Run B Start]\nRETURN\n    IF ( ISBLANK ( a ) || ISBLANK ( b ), BLANK (), DATEDIFF ( a, b, SECOND ) / 3600 )',
        'Hours from the start of run A to the start of run B (negative when B is earlier).',
        F.comparison,
        '#,0.00',
      ),
      m(
        'Failed Nodes Delta',
        'VAR a = [Run A Failed Nodes]\nVAR b = [Run B Failed Nodes]\nRETURN\n    IF ( ISBLANK ( [Run A Id] ) || ISBLANK ( [Run B Id] ), BLANK (), b - a )',
        'Failed node calcs of run B minus those of run A (the failure delta).',
        F.comparison,
        '+#,0;-#,0;0',
      ),
    ],
  },
  {
    name: 'fact_scenario_events',
    description: 'The scenario timeline: lifecycle steps, input changes, runs, failed node calcs.',
    columns: [
      d('event_id', BIG, 'Event key (surrogate).'),
      d('scenario_id', UUID, 'Scenario.'),
      d('event_user', TEXT, 'User who acted.'),
      d('node_id', UUID, 'Node (input changes, failed node calcs).'),
      d('run_id', UUID, 'Run (run and node calc events).'),
      d('event_type', TEXT, 'SCENARIO_CREATED … NODE_CALC_FAILED.', { sortBy: 'event_rank' }),
      d('event_timestamp', TS, 'When (UTC).', { format: WHEN }),
      d('event_description', TEXT, 'What happened, in words.'),
      d('request_id', UUID, 'Request id of the action.'),
      d('event_details', JSONB, 'Details (JSON).'),
      ours('event_rank', 'smallint', 'Lane of the event type on the timeline (one per type).', { hidden: true }),
      LOADED,
    ],
    measures: [
      m('Event Count', 'COUNTROWS ( fact_scenario_events )', 'Events in the current filters.', F.events, COUNT),
      m('Event Time', 'MAX ( fact_scenario_events[event_timestamp] )', 'When (timeline X).', F.events, WHEN),
      m('Event Lane', 'MAX ( fact_scenario_events[event_rank] )', 'Lane of the event type (timeline Y).', F.events, '0'),
      m('Event Description', 'SELECTEDVALUE ( fact_scenario_events[event_description] )', 'What happened (timeline tooltip).', F.events),
      m('Event User', 'SELECTEDVALUE ( fact_scenario_events[event_user] )', 'Who acted (timeline tooltip).', F.events),
      m(
        'Event Color',
        `IF ( SELECTEDVALUE ( fact_scenario_events[event_type] ) IN { "RUN_FAILED", "RUN_TIMEOUT", "NODE_CALC_FAILED" }, ${RED}, ${INK} )`,
        'Red for errors (event log).',
        F.colours,
      ),
      m(
        'Run Events',
        'CALCULATE ( COUNTROWS ( fact_scenario_events ), USERELATIONSHIP ( fact_scenario_events[run_id], dim_run[run_id] ) )',
        "Events of the runs in context, through the design's dim_run → events relationship (inactive in the model: the scenario already filters the events).",
        F.events,
        COUNT,
      ),
    ],
  },
  {
    name: 'fact_input_changes',
    description: 'Every input save: INITIAL_VALUE, VALUE_CHANGED (the design’s CHANGED), or NO_CHANGE (a save repeating the previous hash).',
    columns: [
      d('change_id', BIG, 'Change key (surrogate).'),
      d('scenario_id', UUID, 'Scenario.'),
      d('node_id', UUID, 'Input node.'),
      d('changed_at', TS, 'Saved (UTC).'),
      d('changed_by', TEXT, 'Saved by (user id).'),
      d('previous_hash', TEXT, 'Hash of the previous save of the node.'),
      d('current_hash', TEXT, 'Hash of this save.'),
      d('change_type', TEXT, 'INITIAL_VALUE, VALUE_CHANGED (the design’s CHANGED) or NO_CHANGE.'),
      d('input_data', JSONB, 'The saved input value (JSON; blank when the copy was loaded with --no-input-values).'),
      d('is_validated', BOOL, 'Blank: the source has no validation data.'),
      d('validation_errors', JSONB, 'Blank: the source has no validation data.'),
      ours('end_at', TS, 'When a later save replaced this one (blank: still in force).'),
      LOADED,
    ],
    measures: [
      m(
        'Input Change Count',
        `CALCULATE ( COUNTROWS ( fact_input_changes ), fact_input_changes[change_type] = "${DESIGN_CHANGED}" )`,
        'Saves that changed a node’s input (change_type VALUE_CHANGED, the design’s CHANGED); first values and saves repeating the previous value are not changes.',
        F.inputs,
        COUNT,
      ),
      m('Initial Inputs', 'CALCULATE ( COUNTROWS ( fact_input_changes ), fact_input_changes[change_type] = "INITIAL_VALUE" )', 'First saves of a node in a scenario.', F.inputs, COUNT),
      m('Input Saves', 'COUNTROWS ( fact_input_changes )', 'Every save, repeats included.', F.inputs, COUNT),
      m(
        'Inputs Changed Between',
        'VAR a = [Last Success Run At]\nVAR b = [First Failure Run At]\nRETURN\n    CALCULATE ( [Input Change Count], fact_input_changes[changed_at] > a, fact_input_changes[changed_at] <= b )',
        'Input changes between the last success and the first failure after it.',
        F.inputs,
        COUNT,
      ),
      m(
        'Input Changes Between Runs',
        'VAR a = [Run A Start]\nVAR b = [Run B Start]\nVAR s = [Run B Scenario]\nRETURN\n    CALCULATE ( [Input Change Count], fact_input_changes[scenario_id] = s, fact_input_changes[changed_at] > MIN ( a, b ), fact_input_changes[changed_at] <= MAX ( a, b ) )',
        'Input changes of the scenario between the starts of run A and run B.',
        F.comparison,
        COUNT,
      ),
      m(
        'Change Between Runs',
        'VAR a = [Run A Start]\nVAR b = [Run B Start]\nVAR s = [Run B Scenario]\nRETURN\n    CALCULATE ( MAX ( fact_input_changes[change_type] ), KEEPFILTERS ( fact_input_changes[scenario_id] = s ), KEEPFILTERS ( fact_input_changes[changed_at] > MIN ( a, b ) ), KEEPFILTERS ( fact_input_changes[changed_at] <= MAX ( a, b ) ), KEEPFILTERS ( fact_input_changes[change_type] <> "NO_CHANGE" ) )',
        'The change type of a save made between run A and run B (blank otherwise: the annotated changes table shows only those).',
        F.comparison,
      ),
      m(
        'Input At Run Start',
        `VAR t = MIN ( dim_run[run_at] )\nVAR s = SELECTEDVALUE ( dim_run[scenario_id] )\n${inputInForce('t', 's')}`,
        'The node’s input value in force when the run in context started (Run Diagnostics input snapshot).',
        F.diagnostics,
      ),
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
      m(
        'Failed Nodes',
        'CALCULATE ( DISTINCTCOUNT ( fact_node_calculations[node_id] ), fact_node_calculations[calc_status] = "failed" )',
        'Distinct nodes with a failed calc.',
        F.nodes,
        COUNT,
      ),
      m('Node Failure Count', 'CALCULATE ( COUNTROWS ( fact_node_calculations ), fact_node_calculations[calc_status] = "failed" )', 'Failed node calcs.', F.nodes, COUNT),
      m('Calc Count', 'COUNTROWS ( fact_node_calculations )', 'Node calcs.', F.nodes, COUNT),
      m('Avg Processing Time', 'AVERAGE ( fact_node_calculations[processing_duration_sec] )', 'Average processing time (s).', F.nodes, '#,0.000'),
    ],
  },
  {
    name: 'fact_cloudwatch_log',
    description: 'Log records (CloudWatch Logs and log files) with the ids that correlate them to runs and scenarios; error_category is the design’s four.',
    columns: [
      d('log_id', BIG, 'Log key (surrogate).'),
      ours('log_key', TEXT, 'Where the record is: cloudwatch:<group>:<eventId> or file:<path>:<offset>.', { hidden: true }),
      d('log_timestamp', TS, 'When the record was logged (UTC).', { format: WHEN }),
      d('log_level', TEXT, 'Level: debug, info, warn, error, fatal …'),
      d('message', TEXT, 'The message.'),
      d('stack_trace', TEXT, 'The traceback that followed it, if any.'),
      d('correlation_id', TEXT, 'The id the record was matched by: a run id, a request id or a scenario id.'),
      d('scenario_id', UUID, 'Scenario (when known).'),
      d('run_id', UUID, 'Run (when known).'),
      d('request_id', UUID, 'Request id (when known).'),
      d('error_category', TEXT, 'timeout, validation, calculation or database (the design’s four; blank: not an error).'),
      ours('error_category_detail', TEXT, 'Our finer category: timeout, validation, data, calculation, database, infrastructure, other.'),
      d('log_source', TEXT, 'cloudwatch or file.'),
      d('log_group', TEXT, 'CloudWatch log group.'),
      d('log_stream', TEXT, 'CloudWatch log stream.'),
      ours('origin', TEXT, 'The file or group/stream the record came from.'),
      ours('line_number', INT, 'Line in the file.'),
      METADATA,
      LOADED,
    ],
    measures: [
      m('Log Records', 'COUNTROWS ( fact_cloudwatch_log )', 'Log records in context (through the run).', F.logs, COUNT),
      m('Log Errors', `CALCULATE ( COUNTROWS ( fact_cloudwatch_log ), fact_cloudwatch_log[log_level] IN ${ERROR_LEVELS} )`, 'Log records at level error, fatal or critical.', F.logs, COUNT),
      m('Log Warnings', `CALCULATE ( COUNTROWS ( fact_cloudwatch_log ), fact_cloudwatch_log[log_level] IN ${WARNING_LEVELS} )`, 'Log records at level warn.', F.logs, COUNT),
      m(
        'Scenario Log Records',
        'CALCULATE ( COUNTROWS ( fact_cloudwatch_log ), USERELATIONSHIP ( fact_cloudwatch_log[scenario_id], dim_scenario[scenario_id] ) )',
        'Log records of the scenarios in context, those matched to no run included (the logs → dim_scenario relationship, inactive in the model).',
        F.logs,
        COUNT,
      ),
      m(
        'Log Level Color',
        `SWITCH ( TRUE (), SELECTEDVALUE ( fact_cloudwatch_log[log_level] ) IN ${ERROR_LEVELS}, ${RED}, SELECTEDVALUE ( fact_cloudwatch_log[log_level] ) IN ${WARNING_LEVELS}, ${AMBER}, ${INK} )`,
        'Red for errors, amber for warnings (error logs table).',
        F.colours,
      ),
    ],
  },
  {
    name: 'fact_scenario_state_change',
    description: 'Lifecycle transitions of scenarios and their runs, from_state → to_state.',
    columns: [
      d('state_change_id', BIG, 'Transition key (surrogate).'),
      d('scenario_id', UUID, 'Scenario.'),
      ours('change_key', TEXT, 'Natural key within the scenario.', { hidden: true }),
      d('entity', TEXT, 'scenario or run.'),
      d('run_id', UUID, 'Run (run transitions).'),
      d('from_state', TEXT, 'State before (blank for the first).'),
      d('to_state', TEXT, 'State after.'),
      d('changed_at', TS, 'When (UTC).', { format: WHEN }),
      d('changed_by', TEXT, 'Who (user id).'),
      d('request_id', UUID, 'Request id.'),
      d('seconds_in_previous_state', NUM, 'Seconds spent in from_state.', { format: SECONDS }),
      METADATA,
      LOADED,
    ],
    measures: [
      m('State Changes', 'COUNTROWS ( fact_scenario_state_change )', 'Lifecycle transitions in context.', F.lifecycle, COUNT),
      m(
        'Run State Changes',
        'CALCULATE ( COUNTROWS ( fact_scenario_state_change ), USERELATIONSHIP ( fact_scenario_state_change[run_id], dim_run[run_id] ) )',
        'Transitions of the runs in context (the state changes → dim_run relationship, inactive in the model).',
        F.lifecycle,
        COUNT,
      ),
      m('Avg Seconds In State', 'AVERAGE ( fact_scenario_state_change[seconds_in_previous_state] )', 'Average time spent in a state before leaving it (s).', F.lifecycle, SECONDS),
    ],
  },
  {
    name: 'fact_user_action',
    description: 'What users did, in order (scenario CRUD, input changes, runs), with their sessions (a session ends after 30 minutes without an action).',
    columns: [
      d('action_id', BIG, 'Action key (surrogate).'),
      d('scenario_id', UUID, 'Scenario.'),
      ours('action_key', TEXT, 'The event key within the scenario.', { hidden: true }),
      d('user_id', TEXT, 'User.'),
      d('action_type', TEXT, 'What the user did (the event type).'),
      d('action_at', TS, 'When (UTC).', { format: WHEN }),
      d('run_id', UUID, 'Run (run actions).'),
      d('node_id', UUID, 'Node (input changes).'),
      d('request_id', UUID, 'Request id.'),
      d('session_id', TEXT, '<user>/<session start>: the session the action belongs to.'),
      d('session_started_at', TS, 'When the session started (UTC).', { format: WHEN }),
      d('seconds_since_previous', NUM, 'Seconds since the user’s previous action.', { format: SECONDS }),
      d('description', TEXT, 'What happened, in words.'),
      METADATA,
      LOADED,
    ],
    calculated: [
      {
        name: 'action_date',
        expression: 'DATE ( YEAR ( fact_user_action[action_at] ), MONTH ( fact_user_action[action_at] ), DAY ( fact_user_action[action_at] ) )',
        dataType: 'dateTime',
        format: 'yyyy-mm-dd',
        description: 'The UTC day of the action (actions per day).',
      },
    ],
    measures: [
      m('Action Count', 'COUNTROWS ( fact_user_action )', 'User actions in context.', F.journey, COUNT),
      m('Active Days', 'DISTINCTCOUNT ( fact_user_action[action_date] )', 'Days with at least one action.', F.journey, COUNT),
      m('Actions Per Day', 'DIVIDE ( [Action Count], [Active Days] )', 'Actions ÷ active days (velocity).', F.journey, '#,0.0'),
      m('Scenarios Touched', 'DISTINCTCOUNT ( fact_user_action[scenario_id] )', 'Distinct scenarios acted on.', F.journey, COUNT),
      m('Sessions', 'DISTINCTCOUNT ( fact_user_action[session_id] )', 'Distinct sessions.', F.journey, COUNT),
      m(
        'Most Common Action',
        'MAXX ( TOPN ( 1, VALUES ( fact_user_action[action_type] ), [Action Count], DESC ), fact_user_action[action_type] )',
        'The action type done most often in context (ties: the last alphabetically).',
        F.journey,
      ),
      m('Session Start', 'MIN ( fact_user_action[session_started_at] )', 'When the session started (UTC).', F.journey, WHEN),
      m(
        'Session Minutes',
        'VAR first = MIN ( fact_user_action[action_at] )\nVAR last = MAX ( fact_user_action[action_at] )\nRETURN\n    IF ( ISBLANK ( first ), BLANK (), DATEDIFF ( first, last, SECOND ) / 60 )',
        'Minutes from the first to the last action in context (a session’s length).',
        F.journey,
        '#,0.0',
      ),
      m(
        'Run User Actions',
        'CALCULATE ( COUNTROWS ( fact_user_action ), USERELATIONSHIP ( fact_user_action[run_id], dim_run[run_id] ) )',
        'Actions on the runs in context (the actions → dim_run relationship, inactive in the model).',
        F.journey,
        COUNT,
      ),
    ],
  },
  {
    name: 'fact_run_diagnostic',
    description: 'One row per run: its outcome, error category (the design’s four), failed nodes, log evidence and the last success before it.',
    columns: [
      d('diagnostic_id', BIG, 'Diagnostic key (surrogate).'),
      d('run_id', UUID, 'Run (unique).'),
      d('scenario_id', UUID, 'Scenario.'),
      d('run_status', TEXT, 'Run status.'),
      d('run_at', TS, 'Started (UTC).', { format: WHEN }),
      d('run_complete_at', TS, 'Ended (UTC).', { format: WHEN }),
      d('duration_seconds', DBL, 'Duration in seconds.', { format: SECONDS }),
      d('run_by', TEXT, 'Started by.'),
      d('request_id', UUID, 'Request id.'),
      d('fail_reason', TEXT, 'Why the run failed.'),
      ours('fail_signature', TEXT, 'fail_reason normalised (recurring error patterns).'),
      d('error_category', TEXT, 'timeout, validation, calculation or database (the design’s four).', { sortBy: 'error_category_order' }),
      ours('error_category_detail', TEXT, 'Our finer category.'),
      d('stack_trace', TEXT, 'Stack trace from the logs, if any.'),
      d('total_nodes', INT, 'Node calcs.'),
      d('failed_nodes', INT, 'Failed node calcs.'),
      ours('first_failed_node_id', UUID, 'The first node that failed.'),
      d('log_records', INT, 'Log records of the run.'),
      d('log_errors', INT, 'Of them at error level.'),
      d('log_warnings', INT, 'Of them at warn level.'),
      ours('previous_success_run_id', UUID, 'The last successful run before it.'),
      ours('seconds_since_previous_success', DBL, 'Seconds since that run started.', { format: SECONDS }),
      METADATA,
      LOADED,
    ],
    calculated: [
      {
        name: 'error_category_order',
        expression: CATEGORY_ORDER,
        dataType: 'int64',
        description: 'Sort order of error_category (the design’s order).',
        hidden: true,
      },
    ],
    measures: [
      m('Diagnosed Runs', 'COUNTROWS ( fact_run_diagnostic )', 'Runs with a diagnostic row.', F.diagnostics, COUNT),
      m(
        'Failed Runs By Category',
        `CALCULATE ( COUNTROWS ( fact_run_diagnostic ), fact_run_diagnostic[run_status] IN ${FAILED_RUN} )`,
        'Failed or timed-out runs (error category distribution).',
        F.diagnostics,
        COUNT,
      ),
      m(
        'Error Category Share',
        'DIVIDE ( [Failed Runs By Category], CALCULATE ( [Failed Runs By Category], ALLSELECTED ( fact_run_diagnostic[error_category] ) ) )',
        'Share of the failed runs in the category.',
        F.diagnostics,
        PCT,
      ),
      m('Hours Since Last Success', 'DIVIDE ( MAX ( fact_run_diagnostic[seconds_since_previous_success] ), 3600 )', 'Hours from the last successful run to this one.', F.diagnostics, '#,0.00'),
    ],
  },
  {
    name: 'view_scenario_audit_trail',
    description: 'The unified timeline of a scenario: every event, transition, user action, run diagnostic and warning-or-worse log record, one row each (the materialized view, refreshed by the ETL).',
    source: {
      kind: 'query',
      sql: 'SELECT audit_key, audit_source, scenario_id, "timestamp", event_type, user_id, run_id, node_id, correlation_id, description, error_category FROM reporting.view_scenario_audit_trail',
    },
    columns: [
      d('audit_key', TEXT, '<source>:<natural key> (unique).', { hidden: true }),
      d('audit_source', TEXT, 'event, state_change, user_action, run_diagnostic or log.'),
      d('scenario_id', UUID, 'Scenario.'),
      d('timestamp', TS, 'When (UTC).', { format: WHEN }),
      d('event_type', TEXT, 'What (event type, RUN_<status>, LOG_<level> …).'),
      d('user_id', TEXT, 'Who.'),
      d('run_id', UUID, 'Run.'),
      d('node_id', UUID, 'Node.'),
      d('correlation_id', TEXT, 'Request or correlation id.'),
      d('description', TEXT, 'What happened, in words.'),
      d('error_category', TEXT, 'The design’s category (diagnostics and logs).'),
    ],
    measures: [m('Audit Events', 'COUNTROWS ( view_scenario_audit_trail )', 'Audit-trail rows in context.', F.audit, COUNT)],
  },
  runChoice('a'),
  runChoice('b'),
];

const rel = (name: string, from: string, to: string, active: boolean, design: boolean, why?: string): Relationship => {
  const [ft, fc] = from.split('.');
  const [tt, tc] = to.split('.');
  return { name, from: { table: ft, column: fc }, to: { table: tt, column: tc }, active, design, ...(why ? { why } : {}) };
};

export const MODEL_RELATIONSHIPS: Relationship[] = [
  rel('events_scenario', 'fact_scenario_events.scenario_id', 'dim_scenario.scenario_id', true, true),
  rel('events_user', 'fact_scenario_events.event_user', 'dim_user.user_id', true, true),
  rel('events_node', 'fact_scenario_events.node_id', 'dim_node.node_id', true, true),
  rel(
    'events_run',
    'fact_scenario_events.run_id',
    'dim_run.run_id',
    false,
    true,
    'inactive: with runs_scenario active, dim_scenario would reach the events on two paths (Power BI refuses ambiguous paths); the measure Run Events uses it (USERELATIONSHIP)',
  ),
  rel('calcs_run', 'fact_node_calculations.run_id', 'dim_run.run_id', true, true),
  rel('changes_node', 'fact_input_changes.node_id', 'dim_node.node_id', true, true),
  rel('runs_scenario', 'dim_run.scenario_id', 'dim_scenario.scenario_id', true, false, 'scenario slicers filter runs, their calcs, logs and diagnostics'),
  rel('changes_scenario', 'fact_input_changes.scenario_id', 'dim_scenario.scenario_id', true, false, 'the scenario selector filters the input comparison'),
  rel('calcs_node', 'fact_node_calculations.node_id', 'dim_node.node_id', true, false, 'failed nodes and processing time by node and node type'),
  // The second part (migration 010).
  rel('logs_run', 'fact_cloudwatch_log.run_id', 'dim_run.run_id', true, true, 'Run Diagnostics: the drilled run filters its log records'),
  rel(
    'logs_scenario',
    'fact_cloudwatch_log.scenario_id',
    'dim_scenario.scenario_id',
    false,
    true,
    'inactive: dim_scenario already reaches the logs through dim_run; the measure Scenario Log Records uses it (records matched to a scenario only)',
  ),
  rel('diagnostics_run', 'fact_run_diagnostic.run_id', 'dim_run.run_id', true, true, 'one diagnostic row per run; the scenario reaches it through dim_run'),
  rel('state_scenario', 'fact_scenario_state_change.scenario_id', 'dim_scenario.scenario_id', true, true),
  rel(
    'state_run',
    'fact_scenario_state_change.run_id',
    'dim_run.run_id',
    false,
    true,
    'inactive: a second path from dim_scenario; the measure Run State Changes uses it',
  ),
  rel('actions_scenario', 'fact_user_action.scenario_id', 'dim_scenario.scenario_id', true, true),
  rel('actions_user', 'fact_user_action.user_id', 'dim_user.user_id', true, true),
  rel('actions_node', 'fact_user_action.node_id', 'dim_node.node_id', true, true),
  rel('actions_run', 'fact_user_action.run_id', 'dim_run.run_id', false, true, 'inactive: a second path from dim_scenario; the measure Run User Actions uses it'),
  rel('audit_scenario', 'view_scenario_audit_trail.scenario_id', 'dim_scenario.scenario_id', true, true),
  rel('run_a_scenario', 'run_a.run_a_scenario_id', 'dim_scenario.scenario_id', true, false, 'the Run A slicer lists the chosen scenario’s runs'),
  rel('run_b_scenario', 'run_b.run_b_scenario_id', 'dim_scenario.scenario_id', true, false, 'the Run B slicer lists the chosen scenario’s runs'),
];

/** Every measure with its home table. */
export function allMeasures(): Array<Measure & { table: string }> {
  return MODEL_TABLES.flatMap((t) => (t.measures ?? []).map((x) => ({ ...x, table: t.name })));
}
