/** The user journey panel's webview. */
import type { JourneyAction, JourneySession } from '../../src/core/journey';
import { addDays } from '../../src/core/overviewFilter';
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { JourneyPayload, JourneyUi } from '../../src/shared/protocol/journey';
import '../common/elements';
import { describeSource } from '../common/ui';
import { h, render } from '../common/vdom';
import { runViewLoop } from '../common/viewLoop';
import { DayRunsChart } from '../overview/charts';
import { tableCsv, tableMarkdown, type TableColumn } from '../overview/model';
import { noReportingView } from '../overview/view';
import { journeyApi, type JourneyApi } from './api';
import { ACTION_COLUMNS, ACTIVITY_COLUMNS, SCENARIO_COLUMNS, actionRows, filterSessions, isFailedAction, journeyDayModel, journeyDaySummary, journeyFileName } from './model';
import { SESSION_PAGE, daysSection, headerView, scenariosSection, sessionsSection, type JourneyActions, type JourneyTable } from './view';

class JourneyController {
  private payload: Extract<JourneyPayload, { kind: 'data' }> | null = null;
  private source!: SourceInfo;
  private readonly open: Set<number>;
  private scenarioId: string | null;
  private day: string | null;
  private chart: DayRunsChart | null = null;
  private sessionsBox: HTMLElement | null = null;
  private scenariosBox: HTMLElement | null = null;
  private firstShow = true;
  private limit = SESSION_PAGE;
  private readonly actions: JourneyActions;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: JourneyApi,
    ui: JourneyUi | undefined,
  ) {
    this.open = new Set(ui?.open ?? []);
    this.scenarioId = ui?.scenarioId ?? null;
    this.day = ui?.day ?? null;
    this.firstShow = !ui;
    this.actions = {
      refresh: () => api.refresh(),
      setDays: (d) => Number.isInteger(d) && api.setDays(d),
      openOverview: () => api.openOverview(),
      openTimeline: (id) => api.openTimeline(id),
      compare: (id) => api.compareWithLastSuccess(id),
      openSnapshot: (id) => api.openSnapshot(id),
      reveal: (id) => api.revealInTree(id),
      openAction: (a: JourneyAction) => (a.run_id && isFailedAction(a) ? api.compareWithLastSuccess(a.run_id) : api.openTimeline(a.scenario_id)),
      setScenario: (id) => {
        this.scenarioId = id;
        this.limit = SESSION_PAGE;
        this.renderLists();
        this.saveUi();
      },
      setDay: (day) => {
        this.day = day;
        this.limit = SESSION_PAGE;
        this.chart?.select(day);
        this.renderLists();
        this.saveUi();
        if (day) this.sessionsBox?.scrollIntoView({ block: 'nearest' });
      },
      toggleSession: (index, isOpen) => {
        const had = this.open.has(index);
        if (isOpen === had) return;
        if (isOpen) this.open.add(index);
        else this.open.delete(index);
        this.saveUi();
        this.renderSessions();
      },
      expandAll: (isOpen) => {
        // The sessions listed (newest first, up to the limit).
        for (const s of this.shown().reverse().slice(0, this.limit)) {
          if (isOpen) this.open.add(s.index);
          else this.open.delete(s.index);
        }
        this.saveUi();
        this.renderSessions();
      },
      showMore: () => {
        this.limit += SESSION_PAGE;
        this.renderSessions();
      },
      exportTable: (table, target) => this.exportTable(table, target),
      mountChart: (canvas) => {
        this.chart = new DayRunsChart(canvas, (day) => this.actions.setDay(this.day === day ? null : day), (n) => `${n} action${n === 1 ? '' : 's'} · click to see the sessions of the day`, 'Actions');
      },
    };
  }

  show(payload: JourneyPayload, source: SourceInfo): void {
    this.source = source;
    this.root.removeAttribute('aria-busy');
    this.chart?.destroy();
    this.chart = null;
    if (payload.kind === 'noReporting') {
      this.payload = null;
      render(this.root, noReportingView(payload.reason, source, 'The user journey', { runEtl: () => this.api.runEtl(), refresh: () => this.api.refresh() }));
      return;
    }
    this.payload = payload;
    const j = payload.journey;
    if (this.scenarioId && !j.scenarios.some((s) => s.scenario_id === this.scenarioId)) this.scenarioId = null;
    if (this.firstShow) {
      // The latest session starts expanded.
      const last = j.sessions[j.sessions.length - 1];
      if (last) this.open.add(last.index);
      this.firstShow = false;
    }
    const dm = journeyDayModel(j.perDay, j.range);
    render(
      this.root,
      h('div', { class: 'busy-bar', 'aria-hidden': 'true' }),
      headerView(j, payload.presets, this.days(), source, this.actions),
      daysSection(j.perDay, journeyDaySummary(j.user.user_id, dm, j.range), this.day, this.actions),
      h('div', { ref: (el) => (this.scenariosBox = el) }),
      h('div', { ref: (el) => (this.sessionsBox = el) }),
    );
    (this.chart as DayRunsChart | null)?.update(dm, this.day);
    this.renderLists();
    this.saveUi();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private days(): number {
    return this.api.state()?.subject.days ?? this.payload?.journey.range.days ?? 30;
  }

  private searched(): string {
    const j = this.payload!.journey;
    return `of ${j.user.user_id} between ${j.range.from} and ${addDays(j.range.to, -1)} on ${describeSource(this.source)}`;
  }

  private shown(): JourneySession[] {
    return this.payload ? filterSessions(this.payload.journey.sessions, { scenarioId: this.scenarioId, day: this.day }) : [];
  }

  private renderLists(): void {
    if (!this.payload) return;
    if (this.scenariosBox) render(this.scenariosBox, scenariosSection(this.payload.journey.scenarios, this.scenarioId, this.searched(), this.actions));
    this.renderSessions();
  }

  private renderSessions(): void {
    if (!this.payload || !this.sessionsBox) return;
    const j = this.payload.journey;
    const name = this.scenarioId ? (j.scenarios.find((s) => s.scenario_id === this.scenarioId)?.scenario_name ?? null) : null;
    const focused = document.activeElement;
    const key = focused instanceof HTMLElement ? focused.closest('details')?.getAttribute('data-session') : null;
    render(this.sessionsBox, sessionsSection(this.shown(), j.sessions.length, { scenarioId: this.scenarioId, day: this.day }, this.open, name, this.searched(), this.limit, this.actions));
    // Keep the keyboard where it was after a session was opened or closed.
    if (key) (this.sessionsBox.querySelector(`details[data-session="${key}"] > summary`) as HTMLElement | null)?.focus();
  }

  private saveUi(): void {
    this.api.saveUi({ open: [...this.open], scenarioId: this.scenarioId, day: this.day });
  }

  private exportTable(table: JourneyTable, target: 'file' | 'clipboard' | 'markdown'): void {
    if (!this.payload) return;
    const j = this.payload.journey;
    const go = <T>(title: string, columns: ReadonlyArray<TableColumn<T>>, rows: readonly T[]): void => {
      if (rows.length === 0) return;
      if (target === 'markdown') this.api.copyMarkdown(table, tableMarkdown(columns, rows, title), rows.length);
      else this.api.exportCsv({ table: title, csv: tableCsv(columns, rows), rows: rows.length, fileName: journeyFileName(j.user.user_id, table, j.range), target });
    };
    switch (table) {
      case 'actions':
        return go(`Actions of ${j.user.user_id}`, ACTION_COLUMNS, actionRows(this.shown()));
      case 'scenarios':
        return go(`Scenarios touched by ${j.user.user_id}`, SCENARIO_COLUMNS, j.scenarios);
      case 'days':
        return go(`Actions per day of ${j.user.user_id}`, ACTIVITY_COLUMNS, j.perDay);
    }
  }
}

const api = journeyApi();
const root = document.getElementById('app')!;
runViewLoop({
  api,
  root,
  loadingText: (s, where) => `Loading the journey of ${s.user} (last ${s.days} days of activity) from ${where}…`,
  errorTitle: (s, where) => `Could not load the journey of ${s.user} from ${where}`,
  create: () => new JourneyController(root, api, api.state()?.ui),
});
