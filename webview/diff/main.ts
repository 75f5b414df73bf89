/** The run diff panel's webview. */
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { DiffPayload, DiffUi } from '../../src/shared/protocol/diff';
import '../common/elements';
import { h, render } from '../common/vdom';
import { runViewLoop } from '../common/viewLoop';
import { diffApi, type DiffApi } from './api';
import { calcMarkdown, changedMarkdown, pathsMarkdown, refsMarkdown } from './model';
import { bodyView, headerView, type DiffActions } from './view';

class DiffController {
  private payload!: DiffPayload;
  private readonly open: Set<string>;
  private readonly actions: DiffActions;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: DiffApi,
    ui: DiffUi | undefined,
  ) {
    this.open = new Set(ui?.open ?? []);
    this.actions = {
      refresh: () => api.refresh(),
      openSnapshot: (side) => api.openSnapshot((side === 'a' ? this.payload.diff.run_a : this.payload.diff.run_b).run_id),
      openTimeline: () => api.openTimeline(this.payload.diff.run_b.scenario_id),
      rcaNote: () => api.rcaNote({ scenarioId: this.payload.diff.run_b.scenario_id, runId: this.payload.diff.run_b.run_id }),
      openTicket: () => api.openTicket({ scenarioId: this.payload.diff.run_b.scenario_id, runId: this.payload.diff.run_b.run_id }),
      copy: (table, markdown, rows) => api.copyMarkdown(table, markdown, rows),
      copyPaths: (node, rows) => api.copyMarkdown('paths', pathsMarkdown(node, rows), rows.length),
      copyCalc: () => api.copyMarkdown('calc', calcMarkdown(this.payload.diff.calc), this.payload.diff.calc.length),
      copyRefs: (which) => {
        const refs = which === 'added' ? this.payload.diff.added : this.payload.diff.removed;
        api.copyMarkdown(which, refsMarkdown(refs, which === 'added' ? 'Added nodes' : 'Removed nodes'), refs.length);
      },
      copyChanged: () => api.copyMarkdown('changed', changedMarkdown(this.payload.diff), this.payload.diff.changed.length),
      toggleValues: (nodeId, isOpen) => {
        if (isOpen) this.open.add(nodeId);
        else this.open.delete(nodeId);
        this.api.saveUi({ open: [...this.open] });
      },
    };
  }

  show(payload: DiffPayload, source: SourceInfo): void {
    this.payload = payload;
    this.root.removeAttribute('aria-busy');
    render(this.root, h('div', { class: 'busy-bar', 'aria-hidden': 'true' }), headerView(payload, source, this.actions), h('div', { class: 'diff-body' }, bodyView(payload, source, this.open, this.actions)));
  }
}

const api = diffApi();
const root = document.getElementById('app')!;
runViewLoop({
  api,
  root,
  loadingText: (s, where) => `Comparing run ${s.runA} with run ${s.runB} on ${where}…`,
  errorTitle: (s, where) => `Could not compare run ${s.runA} with run ${s.runB} on ${where}`,
  create: () => new DiffController(root, api, api.state()?.ui),
});
