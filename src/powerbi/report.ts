/**
 * The report (PBIR, `<Name>.Report/definition/`): the first design's four pages (section 8.1)
 * merged with the second part's five where two would show the same thing (docs/reporting.md
 * says which), with their visuals, slicers, interactions and the two drill-throughs (a
 * scenario to its timeline, a run to Run Diagnostics). Page and visual names are stable
 * (bookmarks and URLs target them). Pure and deterministic.
 */
import { buildBookmark, columnRef, inFilter } from '../core/powerbi';
import { FAILED_RUN_STATUSES } from '../core/runRules';
import { allMeasures } from './model';

const SCHEMA = 'https://developer.microsoft.com/json-schemas/fabric/item/report/definition';
export const PBIR_SCHEMAS = {
  report: `${SCHEMA}/report/3.3.0/schema.json`,
  version: `${SCHEMA}/versionMetadata/1.0.0/schema.json`,
  pages: `${SCHEMA}/pagesMetadata/1.1.0/schema.json`,
  page: `${SCHEMA}/page/2.1.0/schema.json`,
  visual: `${SCHEMA}/visualContainer/2.9.0/schema.json`,
};

/** The report's pages by role: bookmarks and URLs open these. */
export const PAGES = {
  overview: 'scenario_overview',
  timeline: 'event_timeline',
  runs: 'run_history',
  diagnostics: 'run_diagnostics',
  errors: 'error_analysis',
} as const;

export const PAGE_WIDTH = 1280;
export const PAGE_HEIGHT = 720;

export type Field = { kind: 'column' | 'measure'; table: string; name: string };

export function col(table: string, name: string): Field {
  return { kind: 'column', table, name };
}

const MEASURE_HOME = new Map(allMeasures().map((m) => [m.name, m.table]));

export function measure(name: string): Field {
  const table = MEASURE_HOME.get(name);
  if (!table) throw new Error(`no measure '${name}' in the model`);
  return { kind: 'measure', table, name };
}

export function fieldExpr(f: Field): Record<string, unknown> {
  return f.kind === 'column' ? columnRef(f.table, f.name) : { Measure: { Expression: { SourceRef: { Entity: f.table } }, Property: f.name } };
}

const lit = (value: string | number | boolean): Record<string, unknown> => ({
  expr: { Literal: { Value: typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : typeof value === 'number' ? `${value}D` : String(value) } },
});

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface VisualSpec extends Box {
  name: string;
  type: string;
  title: string;
  /** Field wells (query roles) → fields. */
  roles: Record<string, Field[]>;
  sort?: { field: Field; direction: 'Ascending' | 'Descending' };
  objects?: Record<string, unknown>;
  /** Visual-level filters: field In values. */
  only?: { field: Field; values: string[] };
  /** Font colour of the row's cells from this measure (returns a colour), per column (selector metadata). */
  colorBy?: string;
  /** A button going back to the page the user drilled through from. */
  back?: boolean;
}

export interface PageSpec {
  name: string;
  displayName: string;
  visuals: VisualSpec[];
  interactions?: Array<{ source: string; target: string; type: 'DataFilter' | 'HighlightFilter' | 'NoFilter' }>;
  /** This page is a drill-through target on this field. */
  drillthrough?: Field;
  /** Page-level filter cards (empty: bookmarks set them, users pick values in the filter pane). */
  filterCards?: Field[];
}

function slicer(name: string, title: string, field: Field, box: Box, mode: 'Dropdown' | 'Between', options: { single?: boolean; search?: boolean } = {}): VisualSpec {
  const objects: Record<string, unknown> = { data: [{ properties: { mode: lit(mode) } }] };
  if (options.single) objects.selection = [{ properties: { singleSelect: lit(true), strictSingleSelect: lit(true) } }];
  if (options.search) objects.general = [{ properties: { selfFilterEnabled: lit(true) } }];
  return { name, type: 'slicer', title, ...box, roles: { Values: [field] }, objects };
}

function visual(name: string, type: string, title: string, box: Box, spec: Pick<VisualSpec, 'roles' | 'sort' | 'objects' | 'only' | 'colorBy'>): VisualSpec {
  return { name, type, title, ...box, ...spec };
}

function page(name: string, displayName: string, visuals: VisualSpec[], more: Pick<PageSpec, 'drillthrough' | 'interactions' | 'filterCards'> = {}): PageSpec {
  return { name, displayName, visuals, ...more };
}

function card(name: string, title: string, m: string, box: Box): VisualSpec {
  return { name, type: 'card', title, ...box, roles: { Values: [measure(m)] } };
}

function multiCard(name: string, title: string, fields: Field[], box: Box): VisualSpec {
  return { name, type: 'multiRowCard', title, ...box, roles: { Values: fields } };
}

function backButton(name: string, box: Box): VisualSpec {
  return { name, type: 'actionButton', title: 'Back', ...box, roles: {}, back: true };
}

/** Slicers are at least 80 px high: Desktop's dropdown needs 76 (header 28 + selector 32 + padding 16) or it clips the header. */
const SLICER_H = 80;
const row = (x: number, w: number): Box => ({ x, y: 8, w, h: SLICER_H });

const FAILED_ONLY = { field: col('dim_run', 'run_status'), values: [...FAILED_RUN_STATUSES] };
const RUN = (name: string): Field => col('dim_run', name);
const SCEN = (name: string): Field => col('dim_scenario', name);

export const REPORT_PAGES: PageSpec[] = [
  // The first design's page 1 and the second part's page 1 (scenario card, run history, error donut, timeline, drill-through to diagnostics).
  page(PAGES.overview, 'Scenario Overview', [
    slicer('overview_date_range', 'Run date', RUN('run_at'), row(8, 300), 'Between'),
    slicer('overview_status', 'Scenario status', SCEN('scenario_status'), row(316, 230), 'Dropdown'),
    slicer('overview_model', 'Model', SCEN('model_name'), row(554, 230), 'Dropdown'),
    slicer('overview_disease_area', 'Disease area', SCEN('model_disease_area'), row(792, 230), 'Dropdown'),
    slicer('overview_scenario', 'Scenario', SCEN('scenario_name'), row(1030, 242), 'Dropdown', { search: true }),
    multiCard('overview_scenario_card', 'Scenario', [measure('Selected Scenario'), measure('Selected Scenario Status'), measure('Selected Scenario Model'), measure('Last Run Time')], { x: 8, y: 96, w: 400, h: 96 }),
    card('overview_kpi_scenarios', 'Total scenarios', 'Total Scenarios', { x: 416, y: 96, w: 164, h: 96 }),
    card('overview_kpi_runs', 'Total runs', 'Total Runs', { x: 588, y: 96, w: 164, h: 96 }),
    card('overview_kpi_success_rate', 'Success rate (finished runs)', 'Finished Success Rate', { x: 760, y: 96, w: 164, h: 96 }),
    card('overview_kpi_open_runs', 'Open runs (not in the rate)', 'Open Runs', { x: 932, y: 96, w: 164, h: 96 }),
    card('overview_kpi_avg_duration', 'Average run duration (s)', 'Avg Run Duration', { x: 1104, y: 96, w: 168, h: 96 }),
    visual('overview_scenarios', 'tableEx', 'Scenarios (newest run first; right-click: drill through to the timeline)', { x: 8, y: 200, w: 624, h: 250 }, {
      roles: { Values: [SCEN('scenario_name'), SCEN('scenario_status'), measure('Last Run Time'), measure('Finished Success Rate'), SCEN('scenario_id')] },
      sort: { field: measure('Last Run Time'), direction: 'Descending' },
    }),
    visual('overview_run_history', 'tableEx', 'Run history (right-click a run: drill through to Run Diagnostics)', { x: 640, y: 200, w: 632, h: 250 }, {
      roles: { Values: [RUN('run_at'), RUN('run_status'), RUN('duration_seconds'), RUN('fail_reason'), RUN('run_id')] },
      sort: { field: RUN('run_at'), direction: 'Descending' },
      colorBy: 'Run Status Color',
    }),
    visual('overview_runs_per_day', 'columnChart', 'Runs per day by status', { x: 8, y: 458, w: 500, h: 254 }, {
      roles: { Category: [RUN('run_date')], Series: [RUN('run_status')], Y: [measure('Total Runs')] },
      sort: { field: RUN('run_date'), direction: 'Ascending' },
    }),
    visual('overview_error_categories', 'donutChart', 'Failed runs by error category', { x: 516, y: 458, w: 340, h: 254 }, {
      roles: { Category: [col('fact_run_diagnostic', 'error_category')], Y: [measure('Failed Runs By Category')] },
    }),
    visual('overview_top_failing', 'clusteredBarChart', 'Top failing scenarios (failed or timed-out runs)', { x: 864, y: 458, w: 408, h: 254 }, {
      roles: { Category: [SCEN('scenario_name')], Y: [measure('Total Failures')] },
      sort: { field: measure('Total Failures'), direction: 'Descending' },
    }),
  ]),
  // The first design's page 2 and the second part's User Journey Timeline.
  page(
    PAGES.timeline,
    'User Journey Timeline',
    [
      backButton('timeline_back', { x: 8, y: 8, w: 72, h: SLICER_H }),
      slicer('timeline_scenario', 'Scenario', SCEN('scenario_name'), row(88, 330), 'Dropdown', { single: true, search: true }),
      slicer('timeline_event_type', 'Event type', col('fact_scenario_events', 'event_type'), row(426, 240), 'Dropdown'),
      slicer('timeline_date_range', 'Event date', col('fact_scenario_events', 'event_timestamp'), row(674, 330), 'Between'),
      slicer('timeline_user', 'User', col('dim_user', 'username'), row(1012, 260), 'Dropdown', { search: true }),
      visual('timeline_chart', 'scatterChart', 'Timeline: events by type over time (description in the tooltip)', { x: 8, y: 96, w: 560, h: 300 }, {
        roles: {
          Category: [col('fact_scenario_events', 'event_id')],
          Series: [col('fact_scenario_events', 'event_type')],
          X: [measure('Event Time')],
          Y: [measure('Event Lane')],
          Tooltips: [measure('Event Description'), measure('Event User')],
        },
      }),
      visual('timeline_event_types', 'clusteredBarChart', 'Event types', { x: 576, y: 96, w: 256, h: 300 }, {
        roles: { Category: [col('fact_scenario_events', 'event_type')], Y: [measure('Event Count')] },
        sort: { field: measure('Event Count'), direction: 'Descending' },
      }),
      visual('timeline_actions_per_day', 'columnChart', 'User actions per day', { x: 840, y: 96, w: 432, h: 300 }, {
        roles: { Category: [col('fact_user_action', 'action_date')], Series: [col('fact_user_action', 'user_id')], Y: [measure('Action Count')] },
        sort: { field: col('fact_user_action', 'action_date'), direction: 'Ascending' },
      }),
      visual('timeline_event_log', 'tableEx', 'Event log (errors in red)', { x: 8, y: 404, w: 560, h: 308 }, {
        roles: {
          Values: [
            col('fact_scenario_events', 'event_timestamp'),
            col('fact_scenario_events', 'event_type'),
            col('fact_scenario_events', 'event_user'),
            col('fact_scenario_events', 'event_description'),
            col('dim_node', 'node_name'),
            col('fact_scenario_events', 'event_id'),
          ],
        },
        sort: { field: col('fact_scenario_events', 'event_timestamp'), direction: 'Ascending' },
        colorBy: 'Event Color',
      }),
      visual('timeline_sessions', 'tableEx', 'Sessions (30 minutes without an action ends one)', { x: 576, y: 404, w: 340, h: 308 }, {
        roles: { Values: [col('fact_user_action', 'session_id'), measure('Session Start'), measure('Action Count'), measure('Session Minutes'), measure('Scenarios Touched')] },
        sort: { field: measure('Session Start'), direction: 'Descending' },
      }),
      visual('timeline_user_activity', 'tableEx', 'User activity (velocity)', { x: 924, y: 404, w: 348, h: 308 }, {
        roles: {
          Values: [col('dim_user', 'username'), measure('Action Count'), measure('Active Days'), measure('Actions Per Day'), measure('Scenarios Touched'), measure('Sessions'), measure('Most Common Action')],
        },
        sort: { field: measure('Action Count'), direction: 'Descending' },
      }),
    ],
    { drillthrough: SCEN('scenario_id') },
  ),
  // The first design's page 3 and the second part's Run Comparison: two chosen runs (Run A / Run B slicers; none chosen: last success vs first failure after it).
  page(
    PAGES.runs,
    'Run History & Comparison',
    [
      slicer('runs_scenario', 'Scenario', SCEN('scenario_name'), row(8, 300), 'Dropdown', { single: true, search: true }),
      slicer('runs_status', 'Run status', RUN('run_status'), row(316, 200), 'Dropdown'),
      slicer('runs_date_range', 'Run date', RUN('run_at'), row(524, 260), 'Between'),
      slicer('runs_pick_a', 'Run A (none: last success)', col('run_a', 'run_a_label'), row(792, 236), 'Dropdown', { single: true, search: true }),
      slicer('runs_pick_b', 'Run B (none: first failure after it)', col('run_b', 'run_b_label'), row(1036, 236), 'Dropdown', { single: true, search: true }),
      multiCard('runs_card_a', 'Run A', [measure('Run A Start'), measure('Run A Status'), measure('Run A Duration'), measure('Run A Failed Nodes'), measure('Run A Error')], { x: 8, y: 96, w: 300, h: 180 }),
      multiCard('runs_card_b', 'Run B', [measure('Run B Start'), measure('Run B Status'), measure('Run B Duration'), measure('Run B Failed Nodes'), measure('Run B Error')], { x: 316, y: 96, w: 300, h: 180 }),
      multiCard('runs_gap', 'From A to B', [measure('Run Gap Hours'), measure('Input Changes Between Runs'), measure('Failed Nodes Delta')], { x: 624, y: 96, w: 240, h: 180 }),
      visual('runs_duration_trend', 'lineChart', 'Run duration (s) over time', { x: 872, y: 96, w: 400, h: 180 }, {
        roles: { Category: [RUN('run_at')], Y: [measure('Avg Run Duration')], Tooltips: [measure('Run Statuses')] },
        sort: { field: RUN('run_at'), direction: 'Ascending' },
      }),
      visual('runs_history', 'tableEx', 'Run history (right-click a run: drill through to Run Diagnostics)', { x: 8, y: 284, w: 460, h: 428 }, {
        roles: { Values: [RUN('run_id'), RUN('run_at'), RUN('duration_seconds'), RUN('run_status'), RUN('fail_reason'), measure('Run Events')] },
        sort: { field: RUN('run_at'), direction: 'Descending' },
        colorBy: 'Run Status Color',
      }),
      visual('runs_input_diff', 'pivotTable', 'Inputs: value at run A → value at run B', { x: 476, y: 284, w: 796, h: 210 }, {
        roles: { Rows: [col('dim_node', 'node_name')], Values: [measure('Input Before'), measure('Input After'), measure('Input Diff')] },
        sort: { field: measure('Input Diff'), direction: 'Ascending' },
        colorBy: 'Input Diff Color',
      }),
      visual('runs_changes_between', 'tableEx', 'Input changes between run A and run B (the time gap, annotated)', { x: 476, y: 502, w: 796, h: 210 }, {
        roles: {
          Values: [
            col('fact_input_changes', 'changed_at'),
            col('dim_node', 'node_name'),
            col('fact_input_changes', 'changed_by'),
            col('fact_input_changes', 'input_data'),
            col('fact_input_changes', 'change_id'),
            measure('Change Between Runs'),
          ],
        },
        sort: { field: col('fact_input_changes', 'changed_at'), direction: 'Ascending' },
      }),
    ],
    {
      // Runs A and B come from their slicers (or the defaults): clicking a run in the history does not change them.
      interactions: ['runs_card_a', 'runs_card_b', 'runs_gap', 'runs_input_diff', 'runs_changes_between'].map((target) => ({ source: 'runs_history', target, type: 'NoFilter' as const })),
    },
  ),
  // The second part's page 3: a drill-through page on the run id.
  page(
    PAGES.diagnostics,
    'Run Diagnostics',
    [
      backButton('diagnostics_back', { x: 8, y: 8, w: 80, h: 120 }),
      multiCard(
        'diagnostics_run',
        'Run',
        [measure('Run Scenario Name'), RUN('run_id'), RUN('run_status'), RUN('run_at'), RUN('run_complete_at'), RUN('duration_seconds'), RUN('run_by'), RUN('nodes_failed'), RUN('total_nodes')],
        { x: 96, y: 8, w: 1176, h: 120 },
      ),
      visual('diagnostics_inputs', 'pivotTable', 'Input snapshot: each node’s value when the run started', { x: 8, y: 136, w: 420, h: 280 }, {
        roles: { Rows: [col('dim_node', 'node_name')], Values: [measure('Input At Run Start')] },
      }),
      visual('diagnostics_node_failures', 'clusteredBarChart', 'Node failures', { x: 436, y: 136, w: 400, h: 280 }, {
        roles: { Category: [col('dim_node', 'node_name')], Y: [measure('Node Failure Count')] },
        sort: { field: measure('Node Failure Count'), direction: 'Descending' },
      }),
      multiCard(
        'diagnostics_details',
        'Diagnostic details',
        [
          col('fact_run_diagnostic', 'error_category'),
          col('fact_run_diagnostic', 'error_category_detail'),
          col('fact_run_diagnostic', 'fail_reason'),
          col('fact_run_diagnostic', 'previous_success_run_id'),
          measure('Hours Since Last Success'),
          col('fact_run_diagnostic', 'log_errors'),
          col('fact_run_diagnostic', 'log_warnings'),
          measure('Run State Changes'),
          col('fact_run_diagnostic', 'stack_trace'),
        ],
        { x: 844, y: 136, w: 428, h: 280 },
      ),
      visual('diagnostics_logs', 'tableEx', 'Log records of the run (errors in red, warnings in amber)', { x: 8, y: 424, w: 1264, h: 288 }, {
        roles: {
          Values: [
            col('fact_cloudwatch_log', 'log_timestamp'),
            col('fact_cloudwatch_log', 'log_level'),
            col('fact_cloudwatch_log', 'error_category'),
            col('fact_cloudwatch_log', 'message'),
            col('fact_cloudwatch_log', 'log_source'),
            col('fact_cloudwatch_log', 'origin'),
            col('fact_cloudwatch_log', 'log_id'),
          ],
        },
        sort: { field: col('fact_cloudwatch_log', 'log_timestamp'), direction: 'Ascending' },
        colorBy: 'Log Level Color',
      }),
    ],
    { drillthrough: RUN('run_id'), filterCards: [SCEN('scenario_id')] },
  ),
  // The first design's page 4 and the second part's Reliability Insights.
  page(
    PAGES.errors,
    'Reliability & Error Analysis',
    [
      slicer('errors_date_range', 'Run date', RUN('run_at'), row(8, 300), 'Between'),
      slicer('errors_disease_area', 'Disease area', SCEN('model_disease_area'), row(316, 230), 'Dropdown'),
      slicer('errors_model', 'Model', SCEN('model_name'), row(554, 230), 'Dropdown'),
      slicer('errors_node_type', 'Node type', col('dim_node', 'node_type'), row(792, 200), 'Dropdown'),
      slicer('errors_text_search', 'Error text (search)', RUN('fail_reason'), row(1000, 272), 'Dropdown', { search: true }),
      visual('errors_failed_runs', 'tableEx', 'Failed runs (right-click: drill through; … : export data as CSV)', { x: 8, y: 96, w: 560, h: 300 }, {
        roles: { Values: [SCEN('scenario_name'), RUN('run_at'), RUN('fail_reason'), measure('Failed Nodes'), RUN('run_id'), SCEN('scenario_id')] },
        sort: { field: RUN('run_at'), direction: 'Descending' },
        only: FAILED_ONLY,
      }),
      visual('errors_categories', 'donutChart', 'Error category distribution', { x: 576, y: 96, w: 300, h: 300 }, {
        roles: { Category: [col('fact_run_diagnostic', 'error_category')], Y: [measure('Failed Runs By Category')], Tooltips: [measure('Error Category Share')] },
      }),
      visual('errors_daily_success', 'lineChart', 'Daily success rate (finished runs)', { x: 884, y: 96, w: 388, h: 300 }, {
        roles: { Category: [RUN('run_date')], Y: [measure('Finished Success Rate')], Tooltips: [measure('Finished Runs'), measure('Total Failures')] },
        sort: { field: RUN('run_date'), direction: 'Ascending' },
      }),
      visual('errors_top_messages', 'treemap', 'Recurring error patterns (full text in the tooltip)', { x: 8, y: 404, w: 400, h: 308 }, {
        roles: { Group: [RUN('fail_signature')], Values: [measure('Total Failures')], Tooltips: [measure('Latest Error Text'), measure('Scenarios Affected')] },
      }),
      visual('errors_failed_nodes', 'clusteredBarChart', 'Top failing nodes', { x: 416, y: 404, w: 280, h: 308 }, {
        roles: { Category: [col('dim_node', 'node_name')], Y: [measure('Node Failure Count')] },
        sort: { field: measure('Node Failure Count'), direction: 'Descending' },
      }),
      visual('errors_processing_time', 'scatterChart', 'Processing time by node type', { x: 704, y: 404, w: 280, h: 308 }, {
        roles: { Category: [col('dim_node', 'node_type')], Series: [col('fact_node_calculations', 'calc_status')], X: [measure('Calc Count')], Y: [measure('Avg Processing Time')] },
      }),
      visual('errors_node_detail', 'pivotTable', 'Failed runs → failed nodes (expand a run)', { x: 992, y: 404, w: 280, h: 308 }, {
        roles: { Rows: [RUN('run_id'), col('dim_node', 'node_name')], Values: [measure('Node Failure Count'), measure('Avg Processing Time')] },
        only: FAILED_ONLY,
      }),
    ],
    { interactions: [{ source: 'errors_failed_runs', target: 'errors_node_detail', type: 'DataFilter' }], filterCards: [RUN('run_status')] },
  ),
];

function queryRef(f: Field): string {
  return `${f.table}.${f.name}`;
}

/**
 * Conditional font colour by a measure returning a colour, one rule per column of the Values
 * well: Desktop applies a rule only to the column its selector's `metadata` names (the
 * projection's queryRef); a rule without it is dropped.
 */
function colorRules(v: VisualSpec): Record<string, unknown> {
  const color = { solid: { color: { expr: fieldExpr(measure(v.colorBy!)) } } };
  return {
    values: (v.roles.Values ?? []).map((f) => ({
      properties: { fontColor: color },
      selector: { data: [{ dataViewWildcard: { matchingOption: 1 } }], metadata: queryRef(f) },
    })),
  };
}

function visualJson(v: VisualSpec, z: number): Record<string, unknown> {
  const title = { title: [{ properties: { show: lit(true), text: lit(v.title) } }] };
  const position = { x: v.x, y: v.y, z: z * 1000, width: v.w, height: v.h, tabOrder: z * 1000 };
  if (v.back) {
    return {
      $schema: PBIR_SCHEMAS.visual,
      name: v.name,
      position,
      visual: {
        visualType: 'actionButton',
        objects: { icon: [{ properties: { shapeType: lit('back') } }] },
        visualContainerObjects: { ...title, visualLink: [{ properties: { show: lit(true), type: lit('Back') } }] },
        drillFilterOtherVisuals: true,
      },
      howCreated: 'InsertVisualButton',
    };
  }
  const queryState: Record<string, unknown> = {};
  for (const [role, fields] of Object.entries(v.roles)) {
    queryState[role] = { projections: fields.map((f) => ({ field: fieldExpr(f), queryRef: queryRef(f), nativeQueryRef: f.name })) };
  }
  const query: Record<string, unknown> = { queryState };
  if (v.sort) query.sortDefinition = { sort: [{ field: fieldExpr(v.sort.field), direction: v.sort.direction }], isDefaultSort: true };
  const objects = { ...(v.objects ?? {}), ...(v.colorBy ? colorRules(v) : {}) };
  const visual: Record<string, unknown> = {
    visualType: v.type,
    query,
    ...(Object.keys(objects).length ? { objects } : {}),
    visualContainerObjects: title,
    drillFilterOtherVisuals: true,
  };
  const out: Record<string, unknown> = { $schema: PBIR_SCHEMAS.visual, name: v.name, position, visual };
  if (v.only) {
    out.filterConfig = {
      filters: [
        {
          name: `${v.name}_only`,
          field: fieldExpr(v.only.field),
          type: 'Categorical',
          filter: inFilter({ table: v.only.field.table, field: v.only.field.name, values: v.only.values }),
          howCreated: 'User',
        },
      ],
    };
  }
  return out;
}

/** The name of a page's filter card on a field (drill-through or plain). */
export function pageFilterName(page: string, f: Field): string {
  return `${page}_${f.table}_${f.name}`;
}

function pageJson(p: PageSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    $schema: PBIR_SCHEMAS.page,
    name: p.name,
    displayName: p.displayName,
    displayOption: 'FitToPage',
    height: PAGE_HEIGHT,
    width: PAGE_WIDTH,
  };
  const filters: Array<Record<string, unknown>> = [];
  if (p.drillthrough) {
    const filter = pageFilterName(p.name, p.drillthrough);
    filters.push({ name: filter, field: fieldExpr(p.drillthrough), type: 'Categorical', howCreated: 'Drillthrough' });
    out.type = 'Drillthrough';
    out.pageBinding = {
      name: `${p.name}_binding`,
      type: 'Drillthrough',
      parameters: [{ name: `${p.name}_parameter`, boundFilter: filter, fieldExpr: fieldExpr(p.drillthrough) }],
    };
  }
  for (const f of p.filterCards ?? []) filters.push({ name: pageFilterName(p.name, f), field: fieldExpr(f), type: 'Categorical', howCreated: 'User' });
  if (filters.length) out.filterConfig = { filters };
  if (p.interactions?.length) out.visualInteractions = p.interactions;
  return out;
}

/** Desktop's base theme the report names (themeCollection.baseTheme), written into StaticResources as Desktop does. */
export const BASE_THEME = 'CY24SU10';
const BASE_THEME_PATH = `BaseThemes/${BASE_THEME}.json`;

/** The base theme's colours (Power BI's default palette) and the report's status colours. */
function baseTheme(): Record<string, unknown> {
  return {
    name: BASE_THEME,
    dataColors: ['#118DFF', '#12239E', '#E66C37', '#6B007B', '#E044A7', '#744EC2', '#D9B300', '#D64550', '#197278', '#1AAB40'],
    foreground: '#252423',
    foregroundNeutralSecondary: '#605E5C',
    foregroundNeutralTertiary: '#B3B0AD',
    background: '#FFFFFF',
    backgroundLight: '#F3F2F1',
    backgroundNeutral: '#C8C6C4',
    tableAccent: '#118DFF',
    good: '#107C10',
    neutral: '#D9B300',
    bad: '#D13438',
    maximum: '#118DFF',
    center: '#D9B300',
    minimum: '#DEEFFF',
    null: '#FF7F48',
  };
}

/** Files of the report folder outside `definition/` (the base theme), by path relative to `<Name>.Report/`. */
export function reportStaticFiles(): Record<string, unknown> {
  return { [`StaticResources/SharedResources/${BASE_THEME_PATH}`]: baseTheme() };
}

/** The bookmark the project starts with: the failed runs on the error analysis page. */
export const STARTER_BOOKMARK = 'ClearSightRCA_failed_runs';

/** The report's files, by path relative to `<Name>.Report/definition/`. */
export function reportDefinitionFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'version.json': { $schema: PBIR_SCHEMAS.version, version: '2.0.0' },
    'report.json': {
      $schema: PBIR_SCHEMAS.report,
      themeCollection: { baseTheme: { name: BASE_THEME, reportVersionAtImport: { visual: '2.9.0', report: '3.3.0', page: '2.1.0' }, type: 'SharedResources' } },
      resourcePackages: [{ name: 'SharedResources', type: 'SharedResources', items: [{ name: BASE_THEME, path: BASE_THEME_PATH, type: 'BaseTheme' }] }],
      settings: { useStylableVisualContainerHeader: true, exportDataMode: 'AllowSummarized', defaultDrillFilterOtherVisuals: true },
    },
    'pages/pages.json': { $schema: PBIR_SCHEMAS.pages, pageOrder: REPORT_PAGES.map((p) => p.name), activePageName: PAGES.overview },
    'bookmarks/bookmarks.json': {
      $schema: 'https://developer.microsoft.com/json-schemas/fabric/item/report/definition/bookmarksMetadata/1.0.0/schema.json',
      items: [{ name: STARTER_BOOKMARK }],
    },
    [`bookmarks/${STARTER_BOOKMARK}.bookmark.json`]: buildBookmark({
      name: STARTER_BOOKMARK,
      displayName: 'Failed runs',
      reportPage: PAGES.errors,
      filters: [{ table: 'dim_run', field: 'run_status', values: [...FAILED_RUN_STATUSES] }],
    }),
  };
  for (const p of REPORT_PAGES) {
    files[`pages/${p.name}/page.json`] = pageJson(p);
    p.visuals.forEach((v, i) => {
      files[`pages/${p.name}/visuals/${v.name}/visual.json`] = visualJson(v, i);
    });
  }
  return files;
}
