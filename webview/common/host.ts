/**
 * The one place that talks to VS Code's webview API. Each panel builds its facade (one
 * function per host call) on top of `channel()`, so view code never calls postMessage.
 */
import type { CommonToHost, NavigateToHost, WebviewState } from '../../src/shared/protocol/common';

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): S;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Channel<ToHost, Subject, Ui> {
  post(message: ToHost): void;
  /** The saved state, if it looks like one (a reload restores it). */
  state(): WebviewState<Subject, Ui> | undefined;
  saveSubject(subject: Subject): void;
  saveUi(ui: Ui): void;
}

let api: VsCodeApi<unknown> | undefined;

/** acquireVsCodeApi may be called once per page: the api is kept. */
export function channel<ToHost extends { type: string }, Subject, Ui>(): Channel<ToHost, Subject, Ui> {
  api ??= acquireVsCodeApi<unknown>();
  const vs = api as VsCodeApi<WebviewState<Subject, Ui>>;
  const read = (): WebviewState<Subject, Ui> | undefined => {
    const s = vs.getState();
    return s && typeof s === 'object' && 'subject' in s ? s : undefined;
  };
  return {
    post: (m) => vs.postMessage(m),
    state: read,
    saveSubject: (subject) => {
      const cur = read();
      // A different subject (a reused webview) starts with fresh filters.
      const same = cur && JSON.stringify(cur.subject) === JSON.stringify(subject);
      vs.setState({ subject, ui: same ? cur.ui : undefined });
    },
    saveUi: (ui) => {
      const cur = read();
      if (cur) vs.setState({ subject: cur.subject, ui });
    },
  };
}

/** The calls every panel's facade has. */
export function commonCalls(p: (m: CommonToHost) => void) {
  return {
    ready: (): void => p({ type: 'ready' }),
    refresh: (): void => p({ type: 'refresh' }),
    copyMarkdown: (table: string, markdown: string, rows: number): void => p({ type: 'copyMarkdown', table, markdown, rows }),
  };
}

/** Navigation, the same for every panel (the host validates it once, in BasePanel). */
export function navigateCalls(p: (m: NavigateToHost) => void) {
  return {
    openTimeline: (scenarioId: string): void => p({ type: 'openTimeline', scenarioId }),
    openSnapshot: (runId: string): void => p({ type: 'openSnapshot', runId }),
    openDiff: (runA: string, runB: string): void => p({ type: 'openDiff', runA, runB }),
    openDiagnostics: (runId: string): void => p({ type: 'openDiagnostics', runId }),
    /** A run: the last success before it vs the run. */
    compareWithLastSuccess: (runId: string): void => p({ type: 'compareWithLastSuccess', runId }),
    /** A scenario: the last success vs the first failure of its latest failure streak. */
    compareFailurePair: (scenarioId: string): void => p({ type: 'compareWithLastSuccess', scenarioId }),
    openUser: (user: string): void => p({ type: 'openUser', user }),
    revealInTree: (scenarioId: string): void => p({ type: 'revealInTree', scenarioId }),
    openOverview: (): void => p({ type: 'openOverview' }),
    runEtl: (): void => p({ type: 'runEtl' }),
    rcaNote: (target: { scenarioId?: string; runId?: string }): void => p({ type: 'rcaNote', ...target }),
    openTicket: (target: { scenarioId?: string; runId?: string }): void => p({ type: 'openTicket', ...target }),
  };
}

/** A panel's facade: its channel, the common calls and navigation; panels add their own. */
export function panelApi<ToHost extends { type: string }, Subject, Ui>() {
  const ch = channel<ToHost, Subject, Ui>();
  const post = (m: ToHost | CommonToHost | NavigateToHost): void => ch.post(m as ToHost);
  return {
    post,
    ...commonCalls(post),
    ...navigateCalls(post),
    state: ch.state,
    saveSubject: ch.saveSubject,
    saveUi: ch.saveUi,
  };
}
