/** The Run Diagnostics panel's webview. */
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { DiagnosticsPayload, DiagnosticsUi } from '../../src/shared/protocol/diagnostics';
import '../common/elements';
import { h, render } from '../common/vdom';
import { runViewLoop } from '../common/viewLoop';
import { diagnosticsApi, type DiagnosticsApi } from './api';
import { NO_LOG_FILTER, filterLines, logsMarkdown, type LogFilter } from './model';
import { failedNodesView, headerView, logsView, type DiagnosticsActions } from './view';

class DiagnosticsController {
  private payload!: DiagnosticsPayload;
  private filter: LogFilter;
  private logsBox: HTMLElement | null = null;
  private readonly actions: DiagnosticsActions;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: DiagnosticsApi,
    ui: DiagnosticsUi | undefined,
  ) {
    this.filter = ui ? { level: ui.level ?? '', source: ui.source ?? '', search: ui.search ?? '' } : { ...NO_LOG_FILTER };
    this.actions = {
      refresh: () => api.refresh(),
      openTimeline: () => api.openTimeline(this.payload.run.scenario_id),
      openSnapshot: () => api.openSnapshot(this.payload.run.run_id),
      compareWithLastSuccess: () => api.compareWithLastSuccess(this.payload.run.run_id),
      rcaNote: () => api.rcaNote({ scenarioId: this.payload.run.scenario_id, runId: this.payload.run.run_id }),
      openLine: (i) => api.openLine(i),
      openLogSettings: () => api.openLogSettings(),
      setFilter: (f) => this.filterBy({ ...this.filter, ...f }),
      clearFilters: () => this.filterBy({ ...NO_LOG_FILTER }),
      copyLines: () => {
        const rows = filterLines(this.payload.lines, this.filter);
        api.copyMarkdown('log lines', logsMarkdown(rows, `Log lines of run ${this.payload.run.run_id}`), rows.length);
      },
    };
  }

  show(payload: DiagnosticsPayload, source: SourceInfo): void {
    this.payload = payload;
    this.root.removeAttribute('aria-busy');
    render(this.root, h('div', { class: 'busy-bar', 'aria-hidden': 'true' }), headerView(payload, source, this.actions), failedNodesView(payload) ?? '', h('div', { ref: (el) => (this.logsBox = el) }));
    this.renderLogs();
  }

  /** Shows the log lines `filter` keeps, and saves it with the webview state. */
  private filterBy(filter: LogFilter): void {
    this.filter = filter;
    this.api.saveUi(filter);
    this.renderLogs();
  }

  private renderLogs(): void {
    if (!this.logsBox) return;
    render(this.logsBox, logsView(this.payload, filterLines(this.payload.lines, this.filter), this.filter, this.actions));
  }
}

const api = diagnosticsApi();
const root = document.getElementById('app')!;
runViewLoop({
  api,
  root,
  loadingText: (s, where) => `Loading run ${s.runId} and its log lines from ${where}…`,
  errorTitle: (s, where) => `Could not load the diagnostics of run ${s.runId} from ${where}`,
  create: () => new DiagnosticsController(root, api, api.state()?.ui),
});
