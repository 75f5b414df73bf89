/** The input snapshot panel's webview. */
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { SnapshotPayload, SnapshotUi } from '../../src/shared/protocol/snapshot';
import '../common/elements';
import { describeSource } from '../common/ui';
import { h, render } from '../common/vdom';
import { runViewLoop } from '../common/viewLoop';
import { snapshotApi, type SnapshotApi } from './api';
import { NO_SNAPSHOT_FILTER, filterNodes, snapshotMarkdown, type SnapshotFilter } from './model';
import { filtersView, headerView, nodesSection, type SnapshotActions } from './view';

class SnapshotController {
  private payload!: SnapshotPayload;
  private source!: SourceInfo;
  private filter: SnapshotFilter;
  private tableBox: HTMLElement | null = null;
  private readonly actions: SnapshotActions;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: SnapshotApi,
    ui: SnapshotUi | undefined,
  ) {
    this.filter = ui ? { type: ui.type, show: ui.show, search: ui.search } : { ...NO_SNAPSHOT_FILTER };
    this.actions = {
      refresh: () => api.refresh(),
      openTimeline: () => api.openTimeline(this.payload.run.scenario_id),
      compareWithLastSuccess: () => api.compareWithLastSuccess(this.payload.run.run_id),
      compareWithPrevious: () => this.payload.previousRun && api.openDiff(this.payload.previousRun.run_id, this.payload.run.run_id),
      openPreviousSnapshot: () => this.payload.previousRun && api.openSnapshot(this.payload.previousRun.run_id),
      setFilter: (f) => this.filterBy({ ...this.filter, ...f }),
      // The filter fields show the filter: rebuild them too.
      clearFilters: () => this.filterBy({ ...NO_SNAPSHOT_FILTER }, true),
      copyNodes: () => {
        const rows = filterNodes(this.payload.snapshot.nodes, this.payload.changes, this.filter);
        const r = this.payload.run;
        api.copyMarkdown('nodes', snapshotMarkdown(rows, this.payload.changes, `Inputs of run ${r.run_id} (${r.scenario_name}, ${r.run_at})`), rows.length);
      },
      copyValue: (markdown) => api.copyMarkdown('value', markdown, 1),
    };
  }

  show(payload: SnapshotPayload, source: SourceInfo): void {
    this.payload = payload;
    this.source = source;
    if (this.filter.show === 'changed' && !payload.previousRun) this.filter = { ...this.filter, show: '' };
    this.root.removeAttribute('aria-busy');
    render(
      this.root,
      h('div', { class: 'busy-bar', 'aria-hidden': 'true' }),
      headerView(payload, source, this.actions),
      filtersView(payload.snapshot.nodes, this.filter, payload.previousRun !== null, this.actions),
      h('div', { ref: (el) => (this.tableBox = el) }),
    );
    this.renderTable();
  }

  /** Shows the nodes `filter` keeps (with `rebuild`, the whole view), and saves it with the webview state. */
  private filterBy(filter: SnapshotFilter, rebuild = false): void {
    this.filter = filter;
    this.api.saveUi(filter);
    if (rebuild) this.show(this.payload, this.source);
    else this.renderTable();
  }

  private renderTable(): void {
    if (!this.tableBox) return;
    const rows = filterNodes(this.payload.snapshot.nodes, this.payload.changes, this.filter);
    render(this.tableBox, nodesSection(this.payload, rows, this.filter, describeSource(this.source), this.actions));
  }
}

const api = snapshotApi();
const root = document.getElementById('app')!;
runViewLoop({
  api,
  root,
  loadingText: (s, where) => `Loading the inputs of run ${s.runId} from ${where}…`,
  errorTitle: (s, where) => `Could not load the inputs of run ${s.runId} from ${where}`,
  create: () => new SnapshotController(root, api, api.state()?.ui),
});
