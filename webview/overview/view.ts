/**
 * The Overview's views, as pure functions of the data and the UI state (callbacks in,
 * `VNode`s out): testable without a DOM. main.ts mounts them and owns the charts (the
 * canvases are handed over through `mountChart`).
 */
import { describeNarrowing, failuresOnly, hasNarrowing, rangeLabel, type OverviewFilter, type ResolvedRange } from '../../src/core/overviewFilter';
import { isFailedRun } from '../../src/core/runRules';
import { formatDuration } from '../../src/core/time';
import type { DayRuns, DurationTrend, FailedNodeRow, FailingScenario, FilterOptions, NodeTypeTiming, OverviewData, OverviewRun, RunsDrill, SignatureRow, CategoryRow } from '../../src/core/overviewData';
import type { SourceInfo } from '../../src/shared/protocol/common';
import { formatIso, groupDigits, plural } from '../common/format';
import { button, dataTable, describeSource, emptyView, icon, linkButton, searchField, section, selectField, statusBadge, type TableSpec } from '../common/ui';
import { h, type Child, type VNode } from '../common/vdom';
import {
  CUSTOM_RANGE,
  DAY_SERIES,
  filterChoices,
  formatSeconds,
  kpiCards,
  modelLabel,
  sparkline,
  rangeChoices,
  rangeValue,
  searchedText,
  type DayChartModel,
  type KpiCard,
} from './model';

export type TableId = 'runs-per-day' | 'top-failing' | 'categories' | 'signatures' | 'failed-nodes' | 'node-timing' | 'trend' | 'runs';
export type ChartName = 'days' | 'nodes' | 'timing' | 'trend';
export type FilterField = 'modelId' | 'diseaseArea' | 'scenarioStatus' | 'nodeType';

/** Rows a long table shows before "Show all". */
export const PREVIEW_ROWS = 10;

/** The rows to show, and the "Show all" button when some are hidden. */
function preview<T>(rows: readonly T[], table: TableId, expanded: boolean, a: OverviewActions): { rows: readonly T[]; more: VNode | null } {
  if (expanded || rows.length <= PREVIEW_ROWS) return { rows, more: null };
  return {
    rows: rows.slice(0, PREVIEW_ROWS),
    more: h('div', { class: 'actions more' }, button(`Show all ${groupDigits(rows.length)}`, () => a.showAll(table), { secondary: true, testid: `show-all-${table}`, title: `Show the other ${groupDigits(rows.length - PREVIEW_ROWS)} rows` })),
  };
}

/** A table of `rows` (the first few until "Show all" is clicked) and its "Show all" button. */
function previewTable<T>(rows: readonly T[], table: TableId, expanded: boolean, a: OverviewActions, spec: Omit<TableSpec<T>, 'rows'>): Child[] {
  const p = preview(rows, table, expanded, a);
  return [dataTable<T>({ ...spec, rows: p.rows }), p.more];
}

export interface OverviewActions {
  refresh(): void;
  runEtl(): void;
  setRange(value: string): void;
  setCustomRange(from: string, to: string): void;
  setField(field: FilterField, value: string): void;
  setErrorText(text: string): void;
  clearFilters(): void;
  drill(d: RunsDrill): void;
  closeDrill(): void;
  selectDay(day: string | null): void;
  showTrend(scenarioId: string): void;
  openTimeline(scenarioId: string): void;
  compare(runId: string): void;
  reveal(scenarioId: string): void;
  openUser(user: string): void;
  /** A run's click: the diff with the last success when it failed, else the timeline. */
  openRun(run: { run_id: string; scenario_id: string; run_status: string }): void;
  exportTable(table: TableId, target: 'file' | 'clipboard' | 'markdown'): void;
  /** Show every row of a table (they start with the first PREVIEW_ROWS). */
  showAll(table: TableId): void;
  mountChart(name: ChartName, canvas: HTMLCanvasElement): void;
}

/** Export CSV…, Copy CSV, Copy as Markdown. */
export function exportButtons(table: TableId, a: OverviewActions, disabled = false): Child[] {
  return [
    button('Export CSV…', () => a.exportTable(table, 'file'), { icon: 'desktop-download', secondary: true, testid: `export-${table}`, title: 'Save this table as a CSV file', disabled }),
    button('Copy CSV', () => a.exportTable(table, 'clipboard'), { icon: 'clippy', secondary: true, testid: `copy-csv-${table}`, title: 'Copy this table as CSV', disabled }),
    button('Copy as Markdown', () => a.exportTable(table, 'markdown'), { icon: 'copy', secondary: true, testid: `copy-md-${table}`, title: 'Copy this table as Markdown', disabled }),
  ];
}

/** A compact text button with an icon (row actions). */
function rowAction(label: string, iconName: string, onClick: () => void, title: string, testid: string): VNode {
  return h(
    'button',
    {
      type: 'button',
      class: 'link row-action',
      title,
      'data-testid': testid,
      on: {
        click: (ev: Event) => {
          ev.stopPropagation();
          onClick();
        },
      },
    },
    icon(iconName),
    ' ',
    label,
  );
}

function reason(text: string | null, testid?: string): Child {
  return text ? h('span', { class: 'reason', title: text, 'data-testid': testid }, text) : '—';
}

// ---------------------------------------------------------------------------------------------

export function headerView(d: OverviewData, source: SourceInfo, a: OverviewActions): VNode {
  const k = d.kpis;
  return h(
    'header',
    { class: 'panel-header' },
    h('div', { class: 'title-row' }, h('h1', { 'data-testid': 'overview-title' }, icon('graph'), ' ClearSight Overview')),
    h(
      'p',
      { class: 'meta' },
      h('span', { 'data-testid': 'overview-range' }, 'Runs started ', h('strong', null, rangeLabel(k.range)), ` (${plural(k.range.days, 'day')})`),
      h('span', null, 'compared with ', rangeLabel(k.previousRange)),
      h('span', null, 'Source ', describeSource(source)),
      h('span', null, 'Times in UTC'),
    ),
    h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Overview actions' }, button('Refresh', a.refresh, { icon: 'refresh', secondary: true, testid: 'refresh' })),
  );
}

function dateField(id: string, label: string, value: string, onChange: (v: string) => void): VNode {
  return h(
    'div',
    { class: 'field field-date' },
    h('span', { class: 'field-label', id: `${id}-label` }, label),
    h('vscode-textfield', {
      id,
      type: 'date',
      label,
      'aria-labelledby': `${id}-label`,
      'data-testid': id,
      props: { value },
      on: { change: (ev: Event) => onChange(String((ev.target as unknown as { value: string }).value ?? '')) },
    }),
  );
}

export function filtersView(f: OverviewFilter, o: FilterOptions, range: ResolvedRange, a: OverviewActions, customOpen: boolean): VNode {
  const c = filterChoices(o);
  const rv = customOpen ? CUSTOM_RANGE : rangeValue(f);
  const lastIncl = range.days > 0 ? new Date(Date.parse(`${range.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : range.to;
  let from = range.from;
  let to = lastIncl;
  return h(
    'div',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the Overview', 'data-testid': 'overview-filters' },
    selectField({ id: 'f-range', label: 'Date range', value: rv, options: rangeChoices(), onChange: (v) => a.setRange(v), testid: 'filter-range' }),
    rv === CUSTOM_RANGE
      ? [
          dateField('f-from', 'From (UTC)', from, (v) => {
            from = v;
            if (from && to) a.setCustomRange(from, to);
          }),
          dateField('f-to', 'To (UTC, inclusive)', to, (v) => {
            to = v;
            if (from && to) a.setCustomRange(from, to);
          }),
        ]
      : null,
    selectField({ id: 'f-model', label: 'Model', value: f.modelId ?? '', options: c.models, onChange: (v) => a.setField('modelId', v), combobox: c.models.length > 8, testid: 'filter-model' }),
    selectField({
      id: 'f-area',
      label: 'Disease area',
      value: f.diseaseArea ?? '',
      options: c.diseaseAreas,
      onChange: (v) => a.setField('diseaseArea', v),
      combobox: c.diseaseAreas.length > 8,
      testid: 'filter-disease-area',
    }),
    selectField({ id: 'f-status', label: 'Scenario status', value: f.scenarioStatus ?? '', options: c.statuses, onChange: (v) => a.setField('scenarioStatus', v), testid: 'filter-status' }),
    selectField({ id: 'f-node-type', label: 'Node type', value: f.nodeType ?? '', options: c.nodeTypes, onChange: (v) => a.setField('nodeType', v), testid: 'filter-node-type' }),
    searchField({ id: 'f-error', label: 'Error text', placeholder: 'Part of a fail reason, e.g. FX table', value: f.errorText, onInput: (v) => a.setErrorText(v), testid: 'filter-error' }),
    // Always there (main.ts enables it while something narrows), so typing never moves the fields.
    h('div', { class: 'field field-button' }, button('Clear filters', a.clearFilters, { icon: 'clear-all', secondary: true, testid: 'clear-filters', title: 'Back to every model, status, node type and error' })),
  );
}

/** Says what error text and node type do to the figures. */
export function narrowingNote(f: OverviewFilter, o: FilterOptions | null): VNode | null {
  if (!hasNarrowing(f)) return null;
  const text = describeNarrowing(f, (id) => modelLabel(o, id));
  return h(
    'p',
    { class: 'narrowing', 'data-testid': 'narrowing' },
    icon('filter'),
    ' Showing runs matching ',
    text,
    failuresOnly(f) ? '. Error text and node type keep failed runs only (a run matches when its fail reason contains the text / one of its failed node calcs has that node type), so the success rate is left out.' : '.',
  );
}

export function kpiCardView(c: KpiCard, a: OverviewActions): VNode {
  const body: Child[] = [
    h('span', { class: 'kpi-label' }, c.label),
    h('span', { class: 'kpi-value', 'data-testid': `kpi-${c.id}-value` }, c.value),
    c.detail ? h('span', { class: 'kpi-detail' }, c.detail) : null,
    h('span', { class: `kpi-delta tone-${c.tone}`, 'data-testid': `kpi-${c.id}-delta` }, c.delta),
  ];
  const drill = c.drill;
  if (!drill) return h('div', { class: 'kpi', 'data-testid': `kpi-${c.id}`, title: c.description, role: 'group', 'aria-label': `${c.label}: ${c.value}, ${c.delta}` }, body);
  return h(
    'button',
    {
      type: 'button',
      class: 'kpi kpi-open',
      'data-testid': `kpi-${c.id}`,
      title: `${c.description}. Click to list the runs.`,
      'aria-label': `${c.label}: ${c.value}, ${c.delta}. List the runs.`,
      on: { click: () => a.drill(drill) },
    },
    body,
  );
}

export function kpisView(d: OverviewData, f: OverviewFilter, a: OverviewActions): VNode {
  return h('section', { class: 'kpis', 'aria-label': 'Key figures', 'data-testid': 'kpis' }, kpiCards(d.kpis, f).map((c) => kpiCardView(c, a)));
}

// ---------------------------------------------------------------------------------------------

export function daysSection(days: readonly DayRuns[], m: DayChartModel, summary: string, selectedDay: string | null, a: OverviewActions): VNode {
  return section(
    {
      id: 'days',
      title: 'Runs per day',
      testid: 'runs-per-day',
      note: m.total === 0 ? undefined : 'Click a day to see its failing scenarios below.',
      actions: exportButtons('runs-per-day', a, m.total === 0),
    },
    h('div', { class: 'chart-box chart-days' }, h('canvas', { 'data-testid': 'runs-per-day-chart', role: 'img', 'aria-label': summary, ref: (el) => a.mountChart('days', el as HTMLCanvasElement) })),
    h(
      'p',
      { class: 'legend', 'aria-hidden': 'true' },
      DAY_SERIES.filter((s) => m.series.some((x) => x.key === s.key)).map((s) => [h('span', { class: `dot s-${s.key}` }), `${s.label} `]),
    ),
    h(
      'details',
      { class: 'as-table' },
      h('summary', null, 'Runs per day as a table'),
      dataTable<DayRuns>({
        id: 'days-table',
        caption: 'Runs per day by status; Enter shows the failing scenarios of the day',
        columns: [{ label: 'Day (UTC)', cls: 'col-time' }, { label: 'Runs', cls: 'col-num' }, { label: 'Success', cls: 'col-num' }, { label: 'Failed', cls: 'col-num' }, { label: 'Timeout', cls: 'col-num' }, { label: 'Queued / running', cls: 'col-num' }],
        rows: days,
        key: (r) => r.day,
        rowTestId: 'day-row',
        selected: selectedDay,
        onOpen: (r) => a.selectDay(r.day),
        cells: (r) => [r.day, groupDigits(r.total), groupDigits(r.success), r.failed ? h('span', { class: 'error-text' }, groupDigits(r.failed)) : '0', r.timeout ? h('span', { class: 'warn-text' }, groupDigits(r.timeout)) : '0', groupDigits(r.other)],
      }),
    ),
  );
}

export interface TopFailingState {
  rows: readonly FailingScenario[];
  expanded: boolean;
  day: string | null;
  loading: boolean;
  error: string | null;
  limit: number;
  searched: string;
}

/** Rows asked for on a click: the error, a loading line, `empty`, or what `shown` makes of them. */
function requestedRows(state: { error: string | null; loading: boolean }, rows: readonly unknown[], loadingText: string, empty: VNode, shown: () => Child[]): Child[] {
  if (state.error) return [h('p', { class: 'error-message', role: 'alert' }, state.error)];
  if (state.loading) return [h('p', { class: 'muted', role: 'status' }, loadingText)];
  return rows.length === 0 ? [empty] : shown();
}

export function topFailingSection(t: TopFailingState, a: OverviewActions): VNode {
  const body: Child[] = [];
  if (t.day) {
    body.push(
      h(
        'div',
        { class: 'chips' },
        h(
          'span',
          { class: 'chip', 'data-testid': 'day-chip' },
          icon('calendar'),
          ` ${t.day} `,
          h('button', { type: 'button', class: 'chip-close', title: 'Show the whole range again', 'aria-label': `Remove the day filter ${t.day}`, 'data-testid': 'clear-day', on: { click: () => a.selectDay(null) } }, icon('close')),
        ),
        linkButton(`All runs of ${t.day}`, () => a.drill({ day: t.day }), { testid: 'day-runs', title: 'List every run started that day' }),
      ),
    );
  }
  const empty = emptyView(`No failed or timed-out run ${t.day ? `on ${t.day}` : ''} ${t.searched}.`.replace(/\s+/g, ' '), 'top-failing-empty');
  body.push(
    ...requestedRows(t, t.rows, `Loading the failing scenarios of ${t.day}…`, empty, () =>
      previewTable<FailingScenario>(t.rows, 'top-failing', t.expanded, a, {
        id: 'top-failing',
        testid: 'top-failing-table',
        caption: 'Scenarios with the most failed runs; Enter opens the timeline',
        columns: [{ label: 'Scenario' }, { label: 'Failures', cls: 'col-num' }, { label: 'Last failure (UTC)', cls: 'col-time' }, { label: 'Last fail reason', cls: 'col-desc' }, { label: 'Actions', cls: 'col-actions' }],
        key: (r) => r.scenario_id,
        rowTestId: 'top-failing-row',
        rowClass: () => 'failure',
        onOpen: (r) => a.openTimeline(r.scenario_id),
        cells: (r) => [
          h(
            'div',
            { class: 'stack' },
            linkButton(r.scenario_name, () => a.openTimeline(r.scenario_id), { title: `Open the timeline of ${r.scenario_name}`, testid: 'scenario-link' }),
            h('span', { class: 'muted small' }, r.model_name, ' · ', r.status),
          ),
          h('span', { title: `${r.failures} of ${r.runs} runs failed (${r.timeouts} timed out)` }, h('strong', { class: 'error-text' }, groupDigits(r.failures)), h('span', { class: 'muted' }, ` / ${groupDigits(r.runs)}`)),
          formatIso(r.last_failure_at),
          reason(r.last_fail_reason),
          h(
            'div',
            { class: 'row-actions' },
            rowAction('Diff', 'diff', () => a.compare(r.last_failed_run_id), 'Compare the last failed run with the last success before it', 'row-compare'),
            rowAction('Trend', 'graph-line', () => a.showTrend(r.scenario_id), 'Show the duration trend of this scenario', 'row-trend'),
            rowAction('Tree', 'list-tree', () => a.reveal(r.scenario_id), 'Reveal the scenario in the Scenarios view', 'row-reveal'),
          ),
        ],
      }),
    ),
  );
  return section(
    {
      id: 'top-failing',
      title: t.day ? `Top failing scenarios on ${t.day}` : 'Top failing scenarios',
      testid: 'top-failing',
      count: t.loading || t.error ? undefined : t.rows.length,
      note: t.rows.length >= t.limit ? `The ${groupDigits(t.limit)} scenarios with the most failures.` : undefined,
      actions: exportButtons('top-failing', a, t.rows.length === 0),
    },
    body,
  );
}

/** A section listing `rows`, exportable as CSV; `empty` says why there are none. */
function rowsSection(id: TableId, title: string, rows: readonly unknown[], note: string, empty: string, a: OverviewActions, body: () => Child): VNode {
  const none = rows.length === 0;
  return section({ id, title, testid: id, count: rows.length, note: none ? undefined : note, actions: exportButtons(id, a, none) }, none ? emptyView(empty, `${id}-empty`) : body());
}

/** Failed runs by error category, with each category's day-by-day trend (beside the signatures). */
export function categoriesSection(rows: readonly CategoryRow[], range: { from: string; to: string }, searched: string, a: OverviewActions): VNode {
  const total = rows.reduce((n, r) => n + r.failures, 0);
  return rowsSection(
    'categories',
    'Failures by category',
    rows,
    `${plural(total, 'failed run')} by error category (timeout, validation, calculation, data, database, infrastructure, other); the trend runs from ${range.from} (one mark per day, or per few days in long ranges; hover it for the daily counts).`,
    `No failed or timed-out run ${searched}.`,
    a,
    () => dataTable<CategoryRow>({
      id: 'categories-table',
      caption: 'Failed runs by error category, most first',
      columns: [{ label: 'Category' }, { label: 'Failed runs', cls: 'col-num' }, { label: 'Share', cls: 'col-num' }, { label: 'Trend' }],
      rows,
      key: (r) => r.category,
      rowTestId: 'category-row',
      cells: (r) => [
        h('strong', { 'data-testid': 'category-name' }, r.category),
        groupDigits(r.failures),
        `${total === 0 ? 0 : Math.round((r.failures / total) * 100)} %`,
        h('span', { class: 'spark', 'data-testid': 'category-trend', title: r.perDay.join(' '), 'aria-label': `per day: ${r.perDay.join(', ')}` }, sparkline(r.perDay)),
      ],
    }),
  );
}

export function signaturesSection(rows: readonly SignatureRow[], searched: string, limit: number, expanded: boolean, a: OverviewActions): VNode {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return rowsSection(
    'signatures',
    'Error signatures',
    rows,
    `Fail reasons grouped with ids, numbers and quoted values normalised: ${plural(total, 'failed run')}${rows.length >= limit ? ` in the ${limit} most frequent` : ''}. Click a signature to list its runs.`,
    `No failed or timed-out run with a fail reason ${searched}.`,
    a,
    () =>
      previewTable<SignatureRow>(rows, 'signatures', expanded, a, {
        id: 'signatures-table',
        caption: 'Error signatures by count; Enter lists the runs of a signature',
        columns: [{ label: 'Runs', cls: 'col-num' }, { label: 'Signature', cls: 'col-desc' }, { label: 'Scenarios', cls: 'col-num' }, { label: 'Models' }, { label: 'First – last seen (UTC)', cls: 'col-time' }],
        key: (r) => r.signature,
        rowTestId: 'signature-row',
        onOpen: (r) => a.drill({ signature: r.signature }),
        cells: (r) => [
          h('strong', { 'data-testid': 'signature-count' }, groupDigits(r.count)),
          h(
            'div',
            { class: 'stack' },
            h('code', { class: 'signature', 'data-testid': 'signature-text' }, r.signature),
            h('span', { class: 'muted small reason', title: r.example }, r.category ? h('span', { 'data-testid': 'signature-category' }, `${r.category} · `) : '', 'Latest: ', r.example),
          ),
          groupDigits(r.scenarios),
          h('span', { class: 'small' }, r.model_names.join(', ')),
          h('span', { class: 'small' }, formatIso(r.first_seen), h('br', null), formatIso(r.last_seen)),
        ],
      }),
  );
}

export function failedNodesSection(rows: readonly FailedNodeRow[], summary: string, searched: string, expanded: boolean, a: OverviewActions): VNode {
  return rowsSection(
    'failed-nodes',
    'Failed nodes by frequency',
    rows,
    'Failed node calculations by node. Click a bar or a row to list the runs where the node failed.',
    `No failed node calculation ${searched}.`,
    a,
    () => [
      h('div', { class: 'chart-box chart-bars' }, h('canvas', { 'data-testid': 'failed-nodes-chart', role: 'img', 'aria-label': summary, ref: (el) => a.mountChart('nodes', el as HTMLCanvasElement) })),
      ...previewTable<FailedNodeRow>(rows, 'failed-nodes', expanded, a, {
        id: 'failed-nodes-table',
        caption: 'Failed nodes by number of failed calculations; Enter lists the runs',
        columns: [{ label: 'Node' }, { label: 'Failures', cls: 'col-num' }, { label: 'Runs', cls: 'col-num' }, { label: 'Scenarios', cls: 'col-num' }, { label: 'Last failed (UTC)', cls: 'col-time' }, { label: 'Last fail reason', cls: 'col-desc' }],
        key: (r) => r.node_id,
        rowTestId: 'failed-node-row',
        onOpen: (r) => a.drill({ nodeId: r.node_id }),
        cells: (r) => [
          h('div', { class: 'stack' }, h('strong', null, r.node_name), h('span', { class: 'muted small' }, r.node_type, ' · ', r.model_name)),
          h('strong', { class: 'error-text' }, groupDigits(r.failures)),
          groupDigits(r.runs),
          groupDigits(r.scenarios),
          formatIso(r.last_failed_at),
          reason(r.last_fail_reason),
        ],
      }),
    ],
  );
}

export function timingSection(rows: readonly NodeTypeTiming[], failedShown: number, summary: string, searched: string, f: OverviewFilter, a: OverviewActions): VNode {
  return section(
    {
      id: 'timing',
      title: 'Node processing time by node type',
      testid: 'node-timing',
      note:
        rows.length === 0
          ? undefined
          : `Boxes: quartiles and median; whiskers: fastest and slowest; dashed tick: 95th percentile. Diamonds: the ${groupDigits(failedShown)} latest failed calculations (click one to compare its run with the last success). Click a node type to filter by it.`,
      actions: exportButtons('node-timing', a, rows.length === 0),
    },
    rows.length === 0
      ? emptyView(`No node calculation ${searched}.`, 'node-timing-empty')
      : [
          h('div', { class: 'chart-box chart-timing' }, h('canvas', { 'data-testid': 'node-timing-chart', role: 'img', 'aria-label': summary, ref: (el) => a.mountChart('timing', el as HTMLCanvasElement) })),
          h('p', { class: 'legend', 'aria-hidden': 'true' }, h('span', { class: 'box-swatch' }), 'Calculations (quartiles) ', h('span', { class: 'diamond' }), 'Failed calculation'),
          dataTable<NodeTypeTiming>({
            id: 'node-timing-table',
            caption: 'Processing time by node type; Enter filters the Overview by the node type',
            columns: [
              { label: 'Node type' },
              { label: 'Calcs', cls: 'col-num' },
              { label: 'Failed', cls: 'col-num' },
              { label: 'Median', cls: 'col-num' },
              { label: 'P95', cls: 'col-num' },
              { label: 'Slowest', cls: 'col-num' },
              { label: 'Mean', cls: 'col-num' },
              { label: 'Mean of failed', cls: 'col-num' },
            ],
            rows,
            key: (r) => r.node_type,
            rowTestId: 'node-timing-row',
            selected: f.nodeType,
            onOpen: (r) => a.setField('nodeType', f.nodeType === r.node_type ? '' : r.node_type),
            cells: (r) => [
              h('strong', null, r.node_type),
              groupDigits(r.calcs),
              r.failed ? h('span', { class: 'error-text' }, groupDigits(r.failed)) : '0',
              formatSeconds(r.p50_s),
              formatSeconds(r.p95_s),
              formatSeconds(r.max_s),
              formatSeconds(r.avg_s),
              r.avg_failed_s === null ? '—' : h('span', { class: 'error-text' }, formatSeconds(r.avg_failed_s)),
            ],
          }),
        ],
  );
}

export interface TrendState {
  trend: DurationTrend | null;
  scenarioId: string | null;
  choices: Array<{ value: string; label: string }>;
  loading: boolean;
  error: string | null;
  summary: string;
}

/** The trend section's frame (select and canvas); its details go into `trendInfoView`. */
export function trendSection(t: TrendState, a: OverviewActions, infoRef: (el: HTMLElement) => void): VNode {
  return section(
    {
      id: 'trend',
      title: 'Run duration trend',
      testid: 'trend',
      note: 'Each point is a run of the scenario (failures in the error colour). Click a point: failed runs open the diff with the last success, others the timeline.',
      actions: exportButtons('trend', a, !t.trend || t.trend.points.length === 0),
    },
    h(
      'div',
      { class: 'filters trend-filters' },
      selectField({
        id: 'f-trend',
        label: 'Scenario',
        value: t.scenarioId ?? '',
        options: t.choices.length ? t.choices : [{ value: '', label: 'No failing scenario in the range' }],
        onChange: (v) => v && a.showTrend(v),
        combobox: t.choices.length > 8,
        testid: 'trend-scenario',
      }),
    ),
    h('div', { class: 'chart-box chart-trend' }, h('canvas', { 'data-testid': 'trend-chart', role: 'img', 'aria-label': t.summary, ref: (el) => a.mountChart('trend', el as HTMLCanvasElement) })),
    h('div', { ref: infoRef }, trendInfoView(t, a)),
  );
}

export function trendInfoView(t: TrendState, a: OverviewActions): VNode {
  if (t.error) return h('p', { class: 'error-message', role: 'alert' }, t.error);
  if (t.loading) return h('p', { class: 'muted', role: 'status' }, 'Loading the runs of the scenario…');
  const tr = t.trend;
  if (!tr) return emptyView('No failing scenario in the range: choose one above, or widen the range.', 'trend-empty');
  return h(
    'div',
    null,
    h(
      'p',
      { class: 'counts', 'data-testid': 'trend-summary' },
      h('span', null, linkButton(tr.scenario_name, () => a.openTimeline(tr.scenario_id), { title: 'Open the timeline', testid: 'trend-scenario-link' })),
      h('span', { class: 'muted' }, tr.model_name),
      h('span', null, t.summary.replace(/^Duration trend of "[^"]*": /, '')),
      tr.truncated ? h('span', { class: 'warn-text' }, `first ${groupDigits(tr.points.length)} runs shown`) : null,
      rowAction('Reveal in tree', 'list-tree', () => a.reveal(tr.scenario_id), 'Reveal the scenario in the Scenarios view', 'trend-reveal'),
    ),
    tr.points.length === 0
      ? null
      : h(
          'details',
          { class: 'as-table' },
          h('summary', null, 'Runs as a table'),
          dataTable({
            id: 'trend-table',
            caption: 'Runs of the scenario; Enter opens the run',
            columns: [{ label: 'Started (UTC)', cls: 'col-time' }, { label: 'Status', cls: 'col-status' }, { label: 'Duration', cls: 'col-num' }, { label: 'Run by' }, { label: 'Fail reason', cls: 'col-desc' }],
            rows: tr.points,
            key: (r) => r.run_id,
            rowTestId: 'trend-row',
            rowClass: (r) => (isFailedRun(r.run_status) ? 'failure' : undefined),
            onOpen: (r) => a.openRun({ run_id: r.run_id, scenario_id: tr.scenario_id, run_status: r.run_status }),
            cells: (r) => [formatIso(r.run_at), statusBadge(r.run_status), formatDuration(r.duration_ms), r.run_by ?? '—', reason(r.fail_reason)],
          }),
        ),
  );
}

export interface DrillState {
  drill: RunsDrill;
  expanded: boolean;
  title: string;
  runs: readonly OverviewRun[];
  loading: boolean;
  error: string | null;
  limit: number;
  searched: string;
}

export function drillSection(d: DrillState, a: OverviewActions): VNode {
  const body = requestedRows(d, d.runs, `Loading: ${d.title}…`, emptyView(`No runs: ${d.title} ${d.searched}.`, 'drill-empty'), () =>
    previewTable<OverviewRun>(d.runs, 'runs', d.expanded, a, {
      id: 'drill-table',
      testid: 'drill-table',
      caption: 'Runs; Enter opens the diff with the last success for a failed run, else the timeline',
      columns: [{ label: 'Started (UTC)', cls: 'col-time' }, { label: 'Status', cls: 'col-status' }, { label: 'Scenario' }, { label: 'Duration', cls: 'col-num' }, { label: 'Run by' }, { label: 'Fail reason', cls: 'col-desc' }, { label: 'Actions', cls: 'col-actions' }],
      key: (r) => r.run_id,
      rowTestId: 'drill-row',
      rowClass: (r) => (isFailedRun(r.run_status) ? 'failure' : undefined),
      onOpen: (r) => a.openRun(r),
      cells: (r) => [
        formatIso(r.run_at),
        statusBadge(r.run_status),
        h('div', { class: 'stack' }, linkButton(r.scenario_name, () => a.openTimeline(r.scenario_id), { title: 'Open the timeline', testid: 'drill-scenario' }), h('span', { class: 'muted small' }, r.model_name)),
        formatDuration(r.duration_ms),
        r.run_by ? linkButton(r.run_by, () => a.openUser(r.run_by!), { title: `The journey of ${r.run_by}`, testid: 'drill-user' }) : '—',
        reason(r.fail_reason),
        h(
          'div',
          { class: 'row-actions' },
          isFailedRun(r.run_status) ? rowAction('Diff', 'diff', () => a.compare(r.run_id), 'Compare with the last success before this run', 'drill-compare') : null,
          rowAction('Timeline', 'history', () => a.openTimeline(r.scenario_id), 'Open the timeline of the scenario', 'drill-timeline'),
          rowAction('Tree', 'list-tree', () => a.reveal(r.scenario_id), 'Reveal the scenario in the Scenarios view', 'drill-reveal'),
        ),
      ],
    }),
  );
  return section(
    {
      id: 'drill',
      title: d.title,
      testid: 'drill',
      count: d.loading || d.error ? undefined : d.runs.length,
      note: d.runs.length >= d.limit ? `The latest ${groupDigits(d.limit)} runs.` : undefined,
      actions: [...exportButtons('runs', a, d.runs.length === 0), button('Close', a.closeDrill, { icon: 'close', secondary: true, testid: 'close-drill', title: 'Hide these runs' })],
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------

/** No reporting schema: what the Overview needs and the button that loads it. */
export function noReportingView(reason: 'not-loaded' | 'prod-source', source: SourceInfo, what: string, a: Pick<OverviewActions, 'runEtl' | 'refresh'>): VNode {
  const where = describeSource(source);
  return h(
    'div',
    { class: 'state state-setup', 'data-testid': 'no-reporting' },
    h('h1', null, icon('database'), ` ${what} needs the reporting schema`),
    reason === 'prod-source'
      ? h('p', null, `Analyses are set to read production (setting clearsight.source = prod), so ${what} has nothing to read on ${where}. Set clearsight.source to auto or reporting; the ETL keeps the reporting schema loaded.`)
      : h(
          'p',
          null,
          `${what} reads the reporting star schema, which ${source.demo ? 'the demo database' : source.label} does not have yet (no ETL run so far). The ETL loads it from production (read-only) in one transaction; later runs are incremental.`,
        ),
    h(
      'div',
      { class: 'actions' },
      button('Run ETL now', a.runEtl, { icon: 'sync', testid: 'run-etl', title: 'Load the reporting schema (incremental ETL)' }),
      button('Check again', a.refresh, { icon: 'refresh', secondary: true, testid: 'refresh' }),
    ),
    source.demo ? null : h('p', { class: 'muted' }, 'With only a production connection, set clearsight.reporting.url to a database the ETL may write to.'),
  );
}

/** The whole page but the async parts (main.ts fills the containers). */
export function searchedFor(d: OverviewData, source: SourceInfo, f: OverviewFilter, o: FilterOptions | null): string {
  return searchedText(d.query.range, describeSource(source), describeNarrowing(f, (id) => modelLabel(o, id)));
}

