/**
 * The report (PBIR, `<Name>.Report/definition/`): the design's four pages (section 8.1) with
 * their visuals, slicers, interactions and the drill-through to the timeline page. Page and
 * visual names are stable (bookmarks and URLs target them). Pure and deterministic.
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
}

export interface PageSpec {
  name: string;
  displayName: string;
  visuals: VisualSpec[];
  interactions?: Array<{ source: string; target: string; type: 'DataFilter' | 'HighlightFilter' | 'NoFilter' }>;
  /** This page is a drill-through target on this field. */
  drillthrough?: Field;
}

function slicer(name: string, title: string, field: Field, box: Box, mode: 'Dropdown' | 'Between', options: { single?: boolean; search?: boolean } = {}): VisualSpec {
  const objects: Record<string, unknown> = { data: [{ properties: { mode: lit(mode) } }] };
  if (options.single) objects.selection = [{ properties: { singleSelect: lit(true), strictSingleSelect: lit(true) } }];
  if (options.search) objects.general = [{ properties: { selfFilterEnabled: lit(true) } }];
  return { name, type: 'slicer', title, ...box, roles: { Values: [field] }, objects };
}

function visual(name: string, type: string, title: string, box: Box, spec: Pick<VisualSpec, 'roles' | 'sort' | 'objects' | 'only'>): VisualSpec {
  return { name, type, title, ...box, ...spec };
}

function page(name: string, displayName: string, visuals: VisualSpec[], more: Pick<PageSpec, 'drillthrough' | 'interactions'> = {}): PageSpec {
  return { name, displayName, visuals, ...more };
}

function card(name: string, title: string, m: string, box: Box): VisualSpec {
  return { name, type: 'card', title, ...box, roles: { Values: [measure(m)] } };
}

/** Font colour of every cell from a measure returning a colour (conditional formatting by field value). */
function fontColorBy(m: string): Record<string, unknown> {
  return {
    values: [
      {
        properties: { fontColor: { solid: { color: { expr: fieldExpr(measure(m)) } } } },
        selector: { data: [{ dataViewWildcard: { matchingOption: 1 } }] },
      },
    ],
  };
}

const FAILED_ONLY = { field: col('dim_run', 'run_status'), values: [...FAILED_RUN_STATUSES] };

export const REPORT_PAGES: PageSpec[] = [
  page(PAGES.overview, 'Scenario Overview', [
    slicer('overview_date_range', 'Run date', col('dim_run', 'run_at'), { x: 10, y: 10, w: 300, h: 60 }, 'Between'),
    slicer('overview_status', 'Scenario status', col('dim_scenario', 'scenario_status'), { x: 320, y: 10, w: 220, h: 60 }, 'Dropdown'),
    slicer('overview_model', 'Model', col('dim_scenario', 'model_name'), { x: 550, y: 10, w: 350, h: 60 }, 'Dropdown'),
    slicer('overview_disease_area', 'Disease area', col('dim_scenario', 'model_disease_area'), { x: 910, y: 10, w: 360, h: 60 }, 'Dropdown'),
    card('overview_kpi_scenarios', 'Total scenarios', 'Total Scenarios', { x: 10, y: 80, w: 307, h: 100 }),
    card('overview_kpi_runs', 'Total runs', 'Total Runs', { x: 327, y: 80, w: 307, h: 100 }),
    card('overview_kpi_success_rate', 'Success rate', 'Success Rate', { x: 644, y: 80, w: 307, h: 100 }),
    card('overview_kpi_avg_duration', 'Average run duration (s)', 'Avg Run Duration', { x: 961, y: 80, w: 309, h: 100 }),
    visual('overview_scenarios', 'tableEx', 'Scenarios (newest run first; right-click a scenario to drill through to its timeline)', { x: 10, y: 190, w: 620, h: 520 }, {
      roles: {
        Values: [col('dim_scenario', 'scenario_name'), col('dim_scenario', 'scenario_status'), measure('Last Run Time'), measure('Success Rate'), col('dim_scenario', 'scenario_id')],
      },
      sort: { field: measure('Last Run Time'), direction: 'Descending' },
    }),
    visual('overview_runs_per_day', 'columnChart', 'Runs per day by status', { x: 640, y: 190, w: 630, h: 255 }, {
      roles: { Category: [col('dim_run', 'run_date')], Series: [col('dim_run', 'run_status')], Y: [measure('Total Runs')] },
      sort: { field: col('dim_run', 'run_date'), direction: 'Ascending' },
    }),
    visual('overview_top_failing', 'clusteredBarChart', 'Top failing scenarios (failed or timed-out runs)', { x: 640, y: 455, w: 630, h: 255 }, {
      roles: { Category: [col('dim_scenario', 'scenario_name')], Y: [measure('Total Failures')] },
      sort: { field: measure('Total Failures'), direction: 'Descending' },
    }),
  ]),
  page(PAGES.timeline, 'Event Timeline & User Journey', [
    slicer('timeline_scenario', 'Scenario', col('dim_scenario', 'scenario_name'), { x: 10, y: 10, w: 360, h: 60 }, 'Dropdown', { single: true, search: true }),
    slicer('timeline_event_type', 'Event type', col('fact_scenario_events', 'event_type'), { x: 380, y: 10, w: 260, h: 60 }, 'Dropdown'),
    slicer('timeline_date_range', 'Event date', col('fact_scenario_events', 'event_timestamp'), { x: 650, y: 10, w: 330, h: 60 }, 'Between'),
    slicer('timeline_user', 'User', col('dim_user', 'username'), { x: 990, y: 10, w: 280, h: 60 }, 'Dropdown', { search: true }),
    visual('timeline_chart', 'scatterChart', 'Timeline: events by type over time (description in the tooltip)', { x: 10, y: 80, w: 1260, h: 290 }, {
      roles: {
        Category: [col('fact_scenario_events', 'event_id')],
        Series: [col('fact_scenario_events', 'event_type')],
        X: [measure('Event Time')],
        Y: [measure('Event Lane')],
        Tooltips: [measure('Event Description'), measure('Event User')],
      },
    }),
    visual('timeline_event_log', 'tableEx', 'Event log (errors in red)', { x: 10, y: 380, w: 760, h: 330 }, {
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
      objects: fontColorBy('Event Color'),
    }),
    visual('timeline_activity_by_user', 'donutChart', 'Activity by user', { x: 780, y: 380, w: 240, h: 330 }, { roles: { Category: [col('dim_user', 'username')], Y: [measure('Event Count')] } }),
    visual('timeline_event_types', 'clusteredBarChart', 'Event types', { x: 1030, y: 380, w: 240, h: 330 }, {
      roles: { Category: [col('fact_scenario_events', 'event_type')], Y: [measure('Event Count')] },
      sort: { field: measure('Event Count'), direction: 'Descending' },
    }),
  ], { drillthrough: col('dim_scenario', 'scenario_id') }),
  page(PAGES.runs, 'Run History & Comparison', [
    slicer('runs_scenario', 'Scenario', col('dim_scenario', 'scenario_name'), { x: 10, y: 10, w: 400, h: 60 }, 'Dropdown', { single: true, search: true }),
    slicer('runs_status', 'Run status', col('dim_run', 'run_status'), { x: 420, y: 10, w: 300, h: 60 }, 'Dropdown'),
    slicer('runs_date_range', 'Run date', col('dim_run', 'run_at'), { x: 730, y: 10, w: 540, h: 60 }, 'Between'),
    visual('runs_history', 'tableEx', 'Run history (select two runs to compare their inputs)', { x: 10, y: 80, w: 620, h: 330 }, {
      roles: {
        Values: [
          col('dim_run', 'run_id'),
          col('dim_run', 'run_at'),
          col('dim_run', 'duration_seconds'),
          col('dim_run', 'run_status'),
          col('dim_run', 'fail_reason'),
          measure('Run Events'),
        ],
      },
      sort: { field: col('dim_run', 'run_at'), direction: 'Descending' },
      objects: fontColorBy('Run Status Color'),
    }),
    visual('runs_duration_trend', 'lineChart', 'Run duration (s) over time', { x: 640, y: 80, w: 630, h: 330 }, {
      roles: { Category: [col('dim_run', 'run_at')], Y: [measure('Avg Run Duration')], Tooltips: [measure('Run Statuses')] },
      sort: { field: col('dim_run', 'run_at'), direction: 'Ascending' },
    }),
    visual('runs_input_comparison', 'pivotTable', 'Inputs: earlier vs later selected run', { x: 10, y: 420, w: 620, h: 290 }, {
      roles: { Rows: [col('dim_node', 'node_name')], Values: [measure('Input At Run 1'), measure('Input At Run 2'), measure('Input Difference')] },
    }),
    visual('runs_success_vs_failure', 'multiRowCard', 'Last successful run vs first failed run after it', { x: 640, y: 420, w: 630, h: 290 }, {
      roles: {
        Values: [
          measure('Last Success Run At'),
          measure('Last Success Duration'),
          measure('First Failure Run At'),
          measure('First Failure Duration'),
          measure('First Failure Error'),
          measure('Inputs Changed Between'),
        ],
      },
    }),
  ], {
    interactions: [
      { source: 'runs_history', target: 'runs_input_comparison', type: 'DataFilter' },
      { source: 'runs_history', target: 'runs_success_vs_failure', type: 'NoFilter' },
    ],
  }),
  page(PAGES.errors, 'Error Analysis & RCA', [
    slicer('errors_date_range', 'Run date', col('dim_run', 'run_at'), { x: 10, y: 10, w: 300, h: 60 }, 'Between'),
    slicer('errors_disease_area', 'Disease area', col('dim_scenario', 'model_disease_area'), { x: 320, y: 10, w: 220, h: 60 }, 'Dropdown'),
    slicer('errors_model', 'Model', col('dim_scenario', 'model_name'), { x: 550, y: 10, w: 220, h: 60 }, 'Dropdown'),
    slicer('errors_node_type', 'Node type', col('dim_node', 'node_type'), { x: 780, y: 10, w: 200, h: 60 }, 'Dropdown'),
    slicer('errors_text_search', 'Error text (search)', col('dim_run', 'fail_reason'), { x: 990, y: 10, w: 280, h: 60 }, 'Dropdown', { search: true }),
    visual('errors_failed_runs', 'tableEx', 'Failed runs (right-click: drill through to the timeline; … : export data as CSV)', { x: 10, y: 80, w: 760, h: 300 }, {
      roles: {
        Values: [
          col('dim_scenario', 'scenario_name'),
          col('dim_run', 'run_at'),
          col('dim_run', 'fail_reason'),
          measure('Failed Nodes'),
          col('dim_run', 'run_id'),
          col('dim_scenario', 'scenario_id'),
        ],
      },
      sort: { field: col('dim_run', 'run_at'), direction: 'Descending' },
      only: FAILED_ONLY,
    }),
    visual('errors_node_detail', 'pivotTable', 'Failed runs → failed nodes (expand a run)', { x: 10, y: 390, w: 760, h: 320 }, {
      roles: { Rows: [col('dim_run', 'run_id'), col('dim_node', 'node_name')], Values: [measure('Node Failure Count'), measure('Avg Processing Time')] },
      only: FAILED_ONLY,
    }),
    visual('errors_top_messages', 'treemap', 'Top error messages (full text in the tooltip)', { x: 780, y: 80, w: 490, h: 300 }, {
      roles: { Group: [col('dim_run', 'fail_signature')], Values: [measure('Total Failures')], Tooltips: [measure('Latest Error Text')] },
    }),
    visual('errors_failed_nodes', 'clusteredBarChart', 'Failed nodes', { x: 780, y: 390, w: 240, h: 320 }, {
      roles: { Category: [col('dim_node', 'node_name')], Y: [measure('Node Failure Count')] },
      sort: { field: measure('Node Failure Count'), direction: 'Descending' },
    }),
    visual('errors_processing_time', 'scatterChart', 'Processing time by node type', { x: 1030, y: 390, w: 240, h: 320 }, {
      roles: { Category: [col('dim_node', 'node_type')], Series: [col('fact_node_calculations', 'calc_status')], X: [measure('Calc Count')], Y: [measure('Avg Processing Time')] },
    }),
  ], { interactions: [{ source: 'errors_failed_runs', target: 'errors_node_detail', type: 'DataFilter' }] }),
];

function queryRef(f: Field): string {
  return `${f.table}.${f.name}`;
}

function visualJson(v: VisualSpec, z: number): Record<string, unknown> {
  const queryState: Record<string, unknown> = {};
  for (const [role, fields] of Object.entries(v.roles)) {
    queryState[role] = { projections: fields.map((f) => ({ field: fieldExpr(f), queryRef: queryRef(f), nativeQueryRef: f.name })) };
  }
  const query: Record<string, unknown> = { queryState };
  if (v.sort) query.sortDefinition = { sort: [{ field: fieldExpr(v.sort.field), direction: v.sort.direction }], isDefaultSort: true };
  const visual: Record<string, unknown> = {
    visualType: v.type,
    query,
    ...(v.objects ? { objects: v.objects } : {}),
    visualContainerObjects: { title: [{ properties: { show: lit(true), text: lit(v.title) } }] },
    drillFilterOtherVisuals: true,
  };
  const out: Record<string, unknown> = {
    $schema: PBIR_SCHEMAS.visual,
    name: v.name,
    position: { x: v.x, y: v.y, z: z * 1000, width: v.w, height: v.h, tabOrder: z * 1000 },
    visual,
  };
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

function pageJson(p: PageSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    $schema: PBIR_SCHEMAS.page,
    name: p.name,
    displayName: p.displayName,
    displayOption: 'FitToPage',
    height: PAGE_HEIGHT,
    width: PAGE_WIDTH,
  };
  if (p.drillthrough) {
    const filter = `${p.name}_drillthrough`;
    out.filterConfig = { filters: [{ name: filter, field: fieldExpr(p.drillthrough), type: 'Categorical', howCreated: 'Drillthrough' }] };
    out.pageBinding = {
      name: `${p.name}_binding`,
      type: 'Drillthrough',
      parameters: [{ name: `${p.name}_parameter`, boundFilter: filter, fieldExpr: fieldExpr(p.drillthrough) }],
    };
  }
  if (p.interactions?.length) out.visualInteractions = p.interactions;
  return out;
}

/** The bookmark the project starts with: the failed runs on the error analysis page. */
export const STARTER_BOOKMARK = 'ClearSightRCA_failed_runs';

/** The report's files, by path relative to `<Name>.Report/definition/`. */
export function reportDefinitionFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'version.json': { $schema: PBIR_SCHEMAS.version, version: '2.0.0' },
    'report.json': {
      $schema: PBIR_SCHEMAS.report,
      themeCollection: {},
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
