/** The run diff panel's webview. */
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { DiffPayload, DiffToWebview, DiffUi } from '../../src/shared/protocol/diff';
import '../common/elements';
import { describeSource, errorView, loadingView } from '../common/ui';
import { h, render } from '../common/vdom';
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
      openSnapshot: (side) => api.openSnapshot(side),
      openTimeline: () => api.openTimeline(),
      rcaNote: () => api.rcaNote(),
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

  busy(): void {
    this.root.setAttribute('aria-busy', 'true');
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}

const api = diffApi();
const root = document.getElementById('app')!;
let controller: DiffController | null = null;

window.addEventListener('message', (ev: MessageEvent<DiffToWebview>) => {
  const msg = ev.data;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  switch (msg.type) {
    case 'loading':
      api.saveSubject(msg.subject);
      if (controller) controller.busy();
      else render(root, loadingView(`Comparing run ${msg.subject.runA} with run ${msg.subject.runB} on ${describeSource(msg.source)}…`));
      break;
    case 'error':
      api.saveSubject(msg.subject);
      controller = null;
      render(root, errorView(`Could not compare run ${msg.subject.runA} with run ${msg.subject.runB} on ${describeSource(msg.source)}`, msg.message, api.refresh));
      break;
    case 'data':
      api.saveSubject(msg.subject);
      controller ??= new DiffController(root, api, api.state()?.ui);
      controller.show(msg.payload, msg.source);
      break;
    default:
      assertNever(msg);
  }
});

api.ready();
