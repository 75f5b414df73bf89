/** The timeline panel's webview: receives the view state from the host and renders it. */
import type { TimelineEvent } from '../../src/core/types';
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { TimelinePayload, TimelineUi } from '../../src/shared/protocol/timeline';
import '../common/elements';
import { truncate } from '../../src/core/markdown';
import { describeSource, focusRow, markCurrentRow } from '../common/ui';
import { h, render } from '../common/vdom';
import { runViewLoop } from '../common/viewLoop';
import { timelineApi, type TimelineApi } from './api';
import { TimelineChart } from './chart';
import { NO_FILTER, chartModel, chartSummary, eventTypeLabel, eventsMarkdown, filterEvents, sortEvents, type EventFilter } from './model';
import { detailsView, eventsSection, filtersView, headerView, type TimelineActions } from './view';

const PAGE = 500;

class TimelineController {
  private payload!: TimelinePayload;
  private source!: SourceInfo;
  private events: TimelineEvent[] = [];
  private byKey = new Map<string, TimelineEvent>();
  private filter: EventFilter;
  private selected: string | null;
  private limit = PAGE;
  private chart: TimelineChart | null = null;
  private readonly actions: TimelineActions;
  private readonly parts = {
    tableBox: null as HTMLElement | null,
    detailsBox: null as HTMLElement | null,
    canvas: null as HTMLCanvasElement | null,
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly api: TimelineApi,
    ui: TimelineUi | undefined,
  ) {
    this.filter = ui ? { type: ui.type, user: ui.user, node: ui.node, search: ui.search } : { ...NO_FILTER };
    this.selected = ui?.selected ?? null;
    this.actions = {
      refresh: () => api.refresh(),
      compareFailurePair: () => api.compareFailurePair(this.payload.scenario.scenario_id),
      rcaNote: () => api.rcaNote({ scenarioId: this.payload.scenario.scenario_id }),
      openSnapshot: (id) => api.openSnapshot(id),
      compareWithLastSuccess: (id) => api.compareWithLastSuccess(id),
      openDiagnostics: (id) => api.openDiagnostics(id),
      openUser: (u) => api.openUser(u),
      select: (key) => this.select(key, false),
      setFilter: (f) => this.setFilter(f),
      copyEvents: () => {
        const rows = this.filtered();
        api.copyMarkdown('events', eventsMarkdown(rows, `Timeline of ${this.payload.scenario.scenario_name}`), rows.length);
      },
      showMore: () => {
        this.limit += PAGE;
        this.renderTable();
      },
    };
  }

  show(payload: TimelinePayload, source: SourceInfo): void {
    this.payload = payload;
    this.source = source;
    this.events = sortEvents(payload.events);
    this.byKey = new Map(this.events.map((e) => [e.event_key, e]));
    if (this.selected && !this.byKey.has(this.selected)) this.selected = null;
    this.root.removeAttribute('aria-busy');
    this.chart?.destroy();
    this.chart = null;
    render(
      this.root,
      h('div', { class: 'busy-bar', 'aria-hidden': 'true' }),
      headerView(payload, source, this.actions),
      h(
        'section',
        { class: 'section chart-section', 'aria-label': 'Timeline chart' },
        h('div', { class: 'chart-box' }, h('canvas', { 'data-testid': 'timeline-chart', role: 'img', ref: (el) => (this.parts.canvas = el as HTMLCanvasElement) })),
        h('p', { class: 'legend', 'aria-hidden': 'true' }, h('span', { class: 'dot lane-lifecycle' }), 'Lifecycle ', h('span', { class: 'dot lane-inputs' }), 'Input change ', h('span', { class: 'dot lane-runs' }), 'Run ', h('span', { class: 'diamond' }), 'Failure'),
      ),
      filtersView(payload, this.filter, this.actions),
      h(
        'div',
        { class: 'split' },
        h('div', { class: 'split-main', ref: (el) => (this.parts.tableBox = el) }),
        h('div', { class: 'split-side', ref: (el) => (this.parts.detailsBox = el) }),
      ),
    );
    if (this.parts.canvas) {
      this.chart = new TimelineChart(this.parts.canvas, {
        onSelect: (key) => this.select(key, true),
        describe: (key) => this.describe(key),
      });
    }
    this.renderTable();
    this.renderDetails();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private describe(key: string): string[] {
    const e = this.byKey.get(key);
    if (!e) return [];
    const lines = [`${eventTypeLabel(e.event_type)}${e.event_user ? ` · ${e.event_user}` : ''}`];
    lines.push(truncate(e.description, 90));
    return lines;
  }

  private filtered(): TimelineEvent[] {
    return filterEvents(this.events, this.filter);
  }

  private setFilter(f: Partial<EventFilter>): void {
    this.filter = { ...this.filter, ...f };
    this.limit = PAGE;
    this.renderTable();
    this.saveUi();
  }

  private saveUi(): void {
    this.api.saveUi({ ...this.filter, selected: this.selected });
  }

  private renderTable(): void {
    const rows = this.filtered();
    const model = chartModel(rows, this.events);
    this.chart?.update(model, this.selected);
    this.parts.canvas?.setAttribute('aria-label', chartSummary(model));
    if (!this.parts.tableBox) return;
    render(
      this.parts.tableBox,
      eventsSection(
        {
          events: rows,
          total: this.events.length,
          filter: this.filter,
          selected: this.selected,
          limit: this.limit,
          scenarioName: this.payload.scenario.scenario_name,
          where: describeSource(this.source),
        },
        this.actions,
        () => {
          this.filter = { ...NO_FILTER };
          this.limit = PAGE;
          this.saveUi();
          // The selects and the search box show the filter: rebuild them.
          this.show(this.payload, this.source);
        },
      ),
    );
  }

  private renderDetails(): void {
    if (!this.parts.detailsBox) return;
    const e = this.selected ? (this.byKey.get(this.selected) ?? null) : null;
    render(this.parts.detailsBox, detailsView(e, this.payload.runs, this.actions));
  }

  private select(key: string, fromChart: boolean): void {
    this.selected = key;
    this.renderDetails();
    const table = this.parts.tableBox?.querySelector('table') ?? null;
    markCurrentRow(table, key);
    this.chart?.highlight(key);
    this.saveUi();
    if (fromChart && table) {
      const tr = Array.from(table.querySelectorAll('tbody tr')).find((r) => (r as HTMLElement).dataset.key === key) as HTMLElement | undefined;
      if (tr) {
        tr.scrollIntoView({ block: 'nearest' });
        focusRow(tr);
      }
    }
  }
}

const api = timelineApi();
const root = document.getElementById('app')!;
runViewLoop({
  api,
  root,
  loadingText: (s, where) => `Loading the timeline of scenario ${s.scenarioId} from ${where}…`,
  errorTitle: (s, where) => `Could not load the timeline of scenario ${s.scenarioId} from ${where}`,
  create: () => new TimelineController(root, api, api.state()?.ui),
});
