/**
 * The Overview panel's webview: shows the figures of the filter the host sent, sends
 * filter changes back (the host reloads), and asks for what a click needs (the runs
 * behind a figure, a day's failing scenarios, a scenario's duration trend) by request id,
 * ignoring answers that a newer request or filter made stale.
 */
import { DEFAULT_FILTER, hasNarrowing, isDay, sanitizeFilter, type OverviewFilter } from '../../src/core/overviewFilter';
import type { FilterOptions, OverviewData, RunsDrill } from '../../src/core/overviewData';
import { isFailedRun } from '../../src/core/runRules';
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { OverviewPayload, OverviewResult, OverviewSubject, OverviewToWebview, OverviewUi } from '../../src/shared/protocol/overview';
import '../common/elements';
import { markCurrentRow } from '../common/ui';
import { h, render } from '../common/vdom';
import { runViewLoop } from '../common/viewLoop';
import { overviewApi, type OverviewApi } from './api';
import { DayRunsChart, HorizontalBarChart, TimingChart, TrendChart } from './charts';
import {
  CUSTOM_RANGE,
  DAY_COLUMNS,
  FAILED_NODE_COLUMNS,
  RUN_COLUMNS,
  SIGNATURE_COLUMNS,
  CATEGORY_COLUMNS,
  TIMING_COLUMNS,
  TOP_FAILING_COLUMNS,
  TREND_COLUMNS,
  dayChartModel,
  dayChartSummary,
  drillTitle,
  exportName,
  failedNodesChartModel,
  tableCsv,
  tableMarkdown,
  timingChartModel,
  timingSummary,
  trendModel,
  trendSummary,
  type TableColumn,
} from './model';
import {
  daysSection,
  drillSection,
  failedNodesSection,
  filtersView,
  headerView,
  kpisView,
  narrowingNote,
  noReportingView,
  searchedFor,
  signaturesSection,
  categoriesSection,
  timingSection,
  topFailingSection,
  trendInfoView,
  trendSection,
  type ChartName,
  type DrillState,
  type OverviewActions,
  type TableId,
  type TopFailingState,
  type TrendState,
} from './view';

type Pending = 'runs' | 'topFailing' | 'trend';

class OverviewController {
  private data: OverviewData | null = null;
  private options: FilterOptions | null = null;
  private source!: SourceInfo;
  private filter: OverviewFilter;
  private customOpen = false;
  private filtersKey = '';
  private errorTimer: ReturnType<typeof setTimeout> | undefined;
  private ui: OverviewUi;
  private top: TopFailingState = { rows: [], expanded: false, day: null, loading: false, error: null, limit: 25, searched: '' };
  private drill: DrillState | null = null;
  private trend: TrendState = { trend: null, scenarioId: null, choices: [], loading: false, error: null, summary: '' };
  private readonly pending = new Map<Pending, number>();
  private readonly expanded = new Set<TableId>();
  private readonly charts: {
    days: DayRunsChart | null;
    nodes: HorizontalBarChart | null;
    timing: TimingChart | null;
    trend: TrendChart | null;
  } = { days: null, nodes: null, timing: null, trend: null };
  private readonly boxes = {
    filters: null as HTMLElement | null,
    top: null as HTMLElement | null,
    drill: null as HTMLElement | null,
    trendInfo: null as HTMLElement | null,
    header: null as HTMLElement | null,
    body: null as HTMLElement | null,
    signatures: null as HTMLElement | null,
    nodes: null as HTMLElement | null,
  };
  private readonly actions: OverviewActions;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: OverviewApi,
    filter: OverviewFilter,
    ui: OverviewUi | undefined,
  ) {
    this.filter = filter;
    this.ui = { trendScenarioId: ui?.trendScenarioId ?? null, day: ui?.day && isDay(ui.day) ? ui.day : null, drill: ui?.drill ?? null };
    this.actions = {
      refresh: () => api.refresh(),
      runEtl: () => api.runEtl(),
      setRange: (v) => {
        if (v === CUSTOM_RANGE) {
          this.customOpen = true;
          this.renderFilters();
          return;
        }
        const days = Number(v);
        if (!Number.isInteger(days)) return;
        this.customOpen = false;
        this.changeFilter({ range: { kind: 'last', days } });
      },
      setCustomRange: (from, to) => {
        if (!isDay(from) || !isDay(to)) return;
        this.changeFilter({ range: { kind: 'between', from: from <= to ? from : to, to: from <= to ? to : from } });
      },
      setField: (field, value) => this.changeFilter({ [field]: value === '' ? null : value } as Partial<OverviewFilter>),
      setErrorText: (text) => {
        // A second pause on top of the search box's own: each change reloads every figure.
        if (this.errorTimer !== undefined) clearTimeout(this.errorTimer);
        this.errorTimer = setTimeout(() => this.changeFilter({ errorText: text }), 250);
      },
      clearFilters: () => {
        this.customOpen = false;
        this.changeFilter({ ...DEFAULT_FILTER, range: this.filter.range }, true);
      },
      drill: (d) => this.openDrill(d),
      closeDrill: () => {
        this.drill = null;
        this.ui.drill = null;
        this.pending.delete('runs');
        this.renderDrill();
        this.markDrilled();
        this.saveUi();
      },
      selectDay: (day) => this.selectDay(day),
      showTrend: (id) => {
        this.showTrend(id);
        this.root.querySelector('[data-testid="trend"]')?.scrollIntoView({ block: 'nearest' });
      },
      openTimeline: (id) => api.openTimeline(id),
      compare: (id) => api.compareWithLastSuccess(id),
      reveal: (id) => api.revealInTree(id),
      openUser: (u) => api.openUser(u),
      openRun: (r) => (isFailedRun(r.run_status) ? api.compareWithLastSuccess(r.run_id) : api.openTimeline(r.scenario_id)),
      exportTable: (table, target) => this.exportTable(table, target),
      mountChart: (name, canvas) => this.mountChart(name, canvas),
      showAll: (table) => this.showAll(table),
    };
  }

  // ---- view messages -------------------------------------------------------------------

  show(payload: OverviewPayload, source: SourceInfo, subject: OverviewSubject): void {
    const filter = filterOf(subject);
    this.source = source;
    this.root.removeAttribute('aria-busy');
    this.destroyCharts();
    if (payload.kind === 'noReporting') {
      this.data = null;
      render(this.root, noReportingView(payload.reason, source, 'The Overview', this.actions));
      return;
    }
    const changed = JSON.stringify(filter) !== JSON.stringify(this.filter);
    this.filter = filter;
    this.data = payload.data;
    this.options = payload.options;
    if (changed) {
      // Day and drill-down belonged to the previous filter.
      this.ui.day = null;
      this.ui.drill = null;
    }
    if (filter.range.kind === 'between') this.customOpen = true;
    const d = payload.data;
    this.expanded.clear();
    this.top = { rows: d.topFailing, expanded: false, day: null, loading: false, error: null, limit: d.limits.topFailing, searched: this.searched() };
    this.drill = null;
    this.trend = { trend: d.trend, scenarioId: d.trend?.scenario_id ?? null, choices: [], loading: false, error: null, summary: '' };
    this.trend.choices = this.trendChoices();
    this.trend.summary = trendSummary(d.trend, trendModel(d.trend));
    this.pending.clear();
    this.renderAll();
    // What the user had open (after a reload or a refresh) is asked for again.
    if (this.ui.day) this.selectDay(this.ui.day);
    if (this.ui.drill) this.openDrill(this.ui.drill, false);
    if (this.ui.trendScenarioId && this.ui.trendScenarioId !== d.trend?.scenario_id) this.showTrend(this.ui.trendScenarioId);
    this.saveUi();
  }

  private busy(): void {
    this.root.setAttribute('aria-busy', 'true');
  }

  destroy(): void {
    this.destroyCharts();
  }

  result(id: number, result: OverviewResult | null, error: string | null): void {
    const kind = [...this.pending.entries()].find(([, v]) => v === id)?.[0];
    if (!kind) return; // stale: a newer request or filter replaced it
    this.pending.delete(kind);
    if (kind === 'topFailing') {
      this.top = { ...this.top, loading: false, error, rows: result?.kind === 'topFailing' ? result.rows : [], limit: result?.kind === 'topFailing' ? result.limit : this.top.limit };
      this.renderTop();
    } else if (kind === 'runs' && this.drill) {
      this.drill = { ...this.drill, loading: false, error, runs: result?.kind === 'runs' ? result.runs : [], limit: result?.kind === 'runs' ? result.limit : this.drill.limit };
      this.renderDrill();
    } else if (kind === 'trend') {
      const trend = result?.kind === 'trend' ? result.trend : null;
      if (!error && !trend) error = 'That scenario is not in the reporting schema any more.';
      this.trend = { ...this.trend, loading: false, error, trend: error ? this.trend.trend : trend };
      if (!error && trend) {
        this.trend.scenarioId = trend.scenario_id;
        this.trend.choices = this.trendChoices();
      }
      this.trend.summary = trendSummary(this.trend.trend, trendModel(this.trend.trend));
      this.updateTrend();
    }
  }

  // ---- filter --------------------------------------------------------------------------

  private changeFilter(change: Partial<OverviewFilter>, replace = false): void {
    const next = sanitizeFilter(replace ? change : { ...this.filter, ...change });
    if (JSON.stringify(next) === JSON.stringify(this.filter)) return;
    this.busy();
    this.api.setFilter(next);
  }

  private searched(): string {
    return this.data ? searchedFor(this.data, this.source, this.filter, this.options) : '';
  }

  // ---- rendering -----------------------------------------------------------------------

  private renderAll(): void {
    const d = this.data!;
    const dm = dayChartModel(d.runsPerDay);
    const tm = timingChartModel(d.nodeTiming, d.failedCalcs);
    const searched = this.searched();
    // The frame (header, filters, body) is built once: the filters survive a reload, so the
    // error text box keeps the focus and the caret while the figures of what was typed arrive.
    if (!this.boxes.header || !this.root.contains(this.boxes.header)) {
      this.filtersKey = '';
      render(
        this.root,
        h('div', { class: 'busy-bar', 'aria-hidden': 'true' }),
        h('div', { ref: (el) => (this.boxes.header = el) }),
        h('div', { ref: (el) => (this.boxes.filters = el) }),
        h('div', { class: 'overview-body', ref: (el) => (this.boxes.body = el) }),
      );
    }
    render(this.boxes.header!, headerView(d, this.source, this.actions));
    render(
      this.boxes.body!,
      narrowingNote(this.filter, this.options) ?? '',
      kpisView(d, this.filter, this.actions),
      daysSection(d.runsPerDay, dm, dayChartSummary(dm, d.query.range), this.ui.day, this.actions),
      h('div', { ref: (el) => (this.boxes.top = el) }),
      h('div', { ref: (el) => (this.boxes.signatures = el) }),
      h('div', { ref: (el) => (this.boxes.drill = el) }),
      h('div', { ref: (el) => (this.boxes.nodes = el) }),
      timingSection(d.nodeTiming, d.failedCalcs.length, timingSummary(tm), searched, this.filter, this.actions),
      trendSection(this.trend, this.actions, (el) => (this.boxes.trendInfo = el)),
    );
    this.renderFilters();
    this.renderTop();
    this.renderSignatures();
    this.renderNodes();
    this.renderDrill();
    this.charts.days?.update(dm, this.ui.day);
    this.charts.timing?.update(tm);
    this.charts.trend?.update(trendModel(this.trend.trend));
  }

  /** Rebuilds the filters only when what they show changed (not after a reload of the same filter). */
  private renderFilters(force = false): void {
    if (!this.boxes.filters || !this.data || !this.options) return;
    // The error text box is not rebuilt under the user's hands: its text counts only when it
    // differs from the filter while the box is not being typed in (e.g. after Clear filters).
    const box = this.boxes.filters.querySelector('#f-error') as (HTMLElement & { value?: string }) | null;
    const boxStale = !!box && box !== document.activeElement && String(box.value ?? '').trim() !== this.filter.errorText;
    const key = JSON.stringify([{ ...this.filter, errorText: null }, this.options, this.data.query.range, this.customOpen]);
    if (force || boxStale || key !== this.filtersKey) {
      this.filtersKey = key;
      render(this.boxes.filters, filtersView(this.filter, this.options, this.data.query.range, this.actions, this.customOpen));
    }
    const clear = this.boxes.filters.querySelector('[data-testid="clear-filters"]');
    clear?.toggleAttribute('disabled', !hasNarrowing(this.filter));
    clear?.setAttribute('aria-disabled', String(!hasNarrowing(this.filter)));
  }

  private renderSignatures(): void {
    const d = this.data;
    if (d && this.boxes.signatures) {
      render(
        this.boxes.signatures,
        h('div', { class: 'side-by-side' }, categoriesSection(d.categories, d.query.range, this.searched(), this.actions), signaturesSection(d.signatures, this.searched(), d.limits.signatures, this.expanded.has('signatures'), this.actions)),
      );
    }
  }

  /** The failed-nodes section owns a chart: rebuilt with it. */
  private renderNodes(): void {
    const d = this.data;
    if (!d || !this.boxes.nodes) return;
    this.charts.nodes?.destroy();
    this.charts.nodes = null;
    const nm = failedNodesChartModel(d.failedNodes);
    render(this.boxes.nodes, failedNodesSection(d.failedNodes, `Failed nodes: ${nm.labels.map((l, i) => `${l} ${nm.values[i]}`).join(', ') || 'none'}`, this.searched(), this.expanded.has('failed-nodes'), this.actions));
    (this.charts.nodes as HorizontalBarChart | null)?.update(nm);
  }

  /** The signature / node whose runs are listed is the current row of its table. */
  private markDrilled(): void {
    const d = this.ui.drill;
    markCurrentRow(this.boxes.signatures?.querySelector('table') ?? null, d?.signature ?? null);
    markCurrentRow(this.boxes.nodes?.querySelector('table') ?? null, d?.nodeId ?? null);
  }

  private showAll(table: TableId): void {
    this.expanded.add(table);
    if (table === 'top-failing') {
      this.top = { ...this.top, expanded: true };
      this.renderTop();
    } else if (table === 'signatures') this.renderSignatures();
    else if (table === 'failed-nodes') this.renderNodes();
    else if (table === 'runs' && this.drill) {
      this.drill = { ...this.drill, expanded: true };
      this.renderDrill();
    }
    this.markDrilled();
  }

  private renderTop(): void {
    if (this.boxes.top) render(this.boxes.top, topFailingSection(this.top, this.actions));
  }

  private renderDrill(): void {
    if (!this.boxes.drill) return;
    if (this.drill) render(this.boxes.drill, drillSection(this.drill, this.actions));
    else this.boxes.drill.replaceChildren();
  }

  private updateTrend(): void {
    this.charts.trend?.update(trendModel(this.trend.trend));
    this.root.querySelector('[data-testid="trend-chart"]')?.setAttribute('aria-label', this.trend.summary);
    if (this.boxes.trendInfo) render(this.boxes.trendInfo, trendInfoView(this.trend, this.actions));
    this.syncTrendSelect();
  }

  /** Rebuilds the scenario select's options when the chosen scenario is not among them. */
  private syncTrendSelect(): void {
    const select = this.root.querySelector('#f-trend') as (HTMLElement & { value?: string }) | null;
    if (!select || !this.trend.scenarioId) return;
    const has = Array.from(select.querySelectorAll('vscode-option')).some((o) => o.getAttribute('value') === this.trend.scenarioId);
    if (!has) {
      const t = this.trend.trend;
      const opt = document.createElement('vscode-option');
      opt.setAttribute('value', this.trend.scenarioId);
      opt.textContent = t ? t.scenario_name : this.trend.scenarioId;
      select.appendChild(opt);
    }
    select.value = this.trend.scenarioId;
  }

  private mountChart(name: ChartName, canvas: HTMLCanvasElement): void {
    switch (name) {
      case 'days':
        this.charts.days = new DayRunsChart(canvas, (day) => this.selectDay(this.ui.day === day ? null : day));
        break;
      case 'nodes':
        this.charts.nodes = new HorizontalBarChart(canvas, {
          label: 'failed calculations',
          axisTitle: 'Failed calculations',
          colorOf: (c) => c.failed,
          onBar: (id) => this.openDrill({ nodeId: id, statuses: null }),
          hint: 'click: list the runs where the node failed',
        });
        break;
      case 'timing':
        this.charts.timing = new TimingChart(canvas, {
          onCalc: (p) => this.api.compareWithLastSuccess(p.calc.run_id),
          onType: (t) => this.actions.setField('nodeType', this.filter.nodeType === t ? '' : t),
        });
        break;
      case 'trend':
        this.charts.trend = new TrendChart(canvas, (p) => {
          const t = this.trend.trend;
          if (t) this.actions.openRun({ run_id: p.run_id, scenario_id: t.scenario_id, run_status: p.status });
        });
        break;
    }
  }

  private destroyCharts(): void {
    for (const k of Object.keys(this.charts) as Array<keyof typeof this.charts>) {
      this.charts[k]?.destroy();
      this.charts[k] = null;
    }
  }

  // ---- clicks that ask the host --------------------------------------------------------

  private selectDay(day: string | null): void {
    if (!this.data) return;
    this.ui.day = day;
    this.charts.days?.select(day);
    if (!day) {
      this.pending.delete('topFailing');
      this.top = { ...this.top, rows: this.data.topFailing, day: null, loading: false, error: null };
    } else {
      this.top = { ...this.top, day, loading: true, error: null, rows: [], expanded: false };
      this.pending.set('topFailing', this.api.request({ kind: 'topFailing', day }));
    }
    this.renderTop();
    this.saveUi();
  }

  private openDrill(drill: RunsDrill, scroll = true): void {
    if (!this.data) return;
    this.ui.drill = drill;
    const names = {
      node: (id: string) => this.data?.failedNodes.find((n) => n.node_id === id)?.node_name,
      scenario: (id: string) => this.data?.topFailing.find((s) => s.scenario_id === id)?.scenario_name,
    };
    this.expanded.delete('runs');
    this.drill = { drill, expanded: false, title: drillTitle(drill, names), runs: [], loading: true, error: null, limit: this.data.limits.runs, searched: this.searched() };
    this.pending.set('runs', this.api.request({ kind: 'runs', drill }));
    this.renderDrill();
    this.markDrilled();
    if (scroll) this.boxes.drill?.scrollIntoView({ block: 'nearest' });
    this.saveUi();
  }

  private showTrend(scenarioId: string): void {
    if (!this.data) return;
    this.ui.trendScenarioId = scenarioId;
    this.saveUi();
    if (this.data.trend && this.data.trend.scenario_id === scenarioId) {
      this.pending.delete('trend');
      this.trend = { ...this.trend, trend: this.data.trend, scenarioId, loading: false, error: null, summary: trendSummary(this.data.trend, trendModel(this.data.trend)) };
      this.updateTrend();
      return;
    }
    this.trend = { ...this.trend, scenarioId, loading: true, error: null };
    this.pending.set('trend', this.api.request({ kind: 'trend', scenarioId }));
    if (this.boxes.trendInfo) render(this.boxes.trendInfo, trendInfoView(this.trend, this.actions));
  }

  private trendChoices(): Array<{ value: string; label: string }> {
    const list = (this.data?.topFailing ?? []).map((s) => ({ value: s.scenario_id, label: `${s.scenario_name} (${s.failures} failed)` }));
    const t = this.trend.trend;
    if (t && !list.some((c) => c.value === t.scenario_id)) list.unshift({ value: t.scenario_id, label: t.scenario_name });
    return list;
  }

  private saveUi(): void {
    this.api.saveUi({ ...this.ui });
  }

  // ---- export --------------------------------------------------------------------------

  private exportTable(table: TableId, target: 'file' | 'clipboard' | 'markdown'): void {
    const d = this.data;
    if (!d) return;
    const range = d.query.range;
    const go = <T>(title: string, columns: ReadonlyArray<TableColumn<T>>, rows: readonly T[]): void => {
      if (rows.length === 0) return;
      if (target === 'markdown') {
        this.api.copyMarkdown(table, tableMarkdown(columns, rows, title), rows.length);
        return;
      }
      this.api.exportCsv({ table: title, csv: tableCsv(columns, rows), rows: rows.length, fileName: exportName(table, range), target });
    };
    switch (table) {
      case 'runs-per-day':
        return go('Runs per day', DAY_COLUMNS, d.runsPerDay);
      case 'top-failing':
        return go(this.top.day ? `Top failing scenarios on ${this.top.day}` : 'Top failing scenarios', TOP_FAILING_COLUMNS, this.top.rows);
      case 'categories':
        return go('Failures by category', CATEGORY_COLUMNS, d.categories);
      case 'signatures':
        return go('Error signatures', SIGNATURE_COLUMNS, d.signatures);
      case 'failed-nodes':
        return go('Failed nodes by frequency', FAILED_NODE_COLUMNS, d.failedNodes);
      case 'node-timing':
        return go('Node processing time by node type', TIMING_COLUMNS, d.nodeTiming);
      case 'trend':
        return go(`Run durations of ${this.trend.trend?.scenario_name ?? 'the scenario'}`, TREND_COLUMNS, this.trend.trend?.points ?? []);
      case 'runs':
        return go(this.drill?.title ?? 'Runs', RUN_COLUMNS, this.drill?.runs ?? []);
    }
  }
}

// ---- message loop ------------------------------------------------------------------------

const api = overviewApi();
const root = document.getElementById('app')!;
function filterOf(subject: unknown): OverviewFilter {
  return sanitizeFilter((subject as { filter?: unknown } | undefined)?.filter);
}

runViewLoop<OverviewSubject, OverviewPayload, OverviewController, Exclude<OverviewToWebview, { subject: unknown }>>({
  api,
  root,
  loadingText: (s, where) => `Loading the Overview (${describeRange(s.filter)}) from ${where}…`,
  errorTitle: (_s, where) => `Could not load the Overview from ${where}`,
  create: (subject) => new OverviewController(root, api, filterOf(subject), api.state()?.ui),
  other: (msg, controller) => {
    switch (msg.type) {
      case 'result':
        controller?.result(msg.id, msg.result, null);
        return;
      case 'resultError':
        controller?.result(msg.id, null, msg.message);
        return;
      default: {
        const never: never = msg;
        void never;
      }
    }
  },
});

function describeRange(f: OverviewFilter | undefined): string {
  const r = f?.range;
  if (!r) return 'last days';
  return r.kind === 'last' ? `last ${r.days} day${r.days === 1 ? '' : 's'} with data` : `${r.from} – ${r.to}`;
}

