/**
 * Messages every panel shares. Both bundles import these files as types only (the
 * extension host and the browser bundles): payloads are plain JSON (ISO strings, no Dates,
 * no class instances), so they survive `postMessage` unchanged.
 */

/** Where the data came from, shown in loading, empty and error states. */
export interface SourceInfo {
  /** `demo` or `host:port/db`; never a password. */
  label: string;
  demo: boolean;
  /** Which schema analyses read: the reporting star schema or production directly. */
  source: 'reporting' | 'prod';
  /** The named environment (Production, UAT…); absent for the single-URL settings and the demo. */
  environment?: string;
}

/**
 * The state of a panel's view, sent by the host. The last one is re-sent whenever the
 * webview (re)posts `ready` (after it was hidden, moved or reloaded).
 */
export type ViewMessage<Subject, Payload> =
  | { type: 'loading'; subject: Subject; source: SourceInfo }
  /** One line (the message of a UserError / DbError), never a stack. */
  | { type: 'error'; subject: Subject; source: SourceInfo; message: string }
  | { type: 'data'; subject: Subject; source: SourceInfo; payload: Payload };

/** Messages every webview may send to its host. */
export type CommonToHost =
  /** The webview has loaded and listens: the host sends its current view. */
  | { type: 'ready' }
  /** Load the subject again. */
  | { type: 'refresh' }
  /** Put `markdown` (a table the webview built from what it shows) on the clipboard. */
  | { type: 'copyMarkdown'; table: string; markdown: string; rows: number };

/**
 * What a webview saves with `setState`: the subject (so the panel serializer can restore
 * the panel after a window reload) and the view's own UI state (filters, selection).
 */
export interface WebviewState<Subject, Ui> {
  subject: Subject;
  ui?: Ui;
}

/**
 * Navigation any webview may ask for: the host validates it once (src/shared/navigation.ts,
 * in BasePanel) and hands it to the navigator. Ids are UUIDs; a run or scenario the panel
 * shows is named by the webview (it has the payload).
 */
export type NavigateToHost =
  | { type: 'openTimeline'; scenarioId: string }
  | { type: 'openSnapshot'; runId: string }
  | { type: 'openDiff'; runA: string; runB: string }
  /** Run Diagnostics: the run with its log lines, category and failed nodes. */
  | { type: 'openDiagnostics'; runId: string }
  /** Last success vs this run (runId), or vs the first failure of the scenario's latest streak. */
  | { type: 'compareWithLastSuccess'; runId?: string; scenarioId?: string }
  | { type: 'openUser'; user: string }
  | { type: 'revealInTree'; scenarioId: string }
  | { type: 'openOverview' }
  | { type: 'runEtl' }
  | { type: 'rcaNote'; scenarioId?: string; runId?: string }
  /** Open Ticket…: the RCA note into the ticket system's create-issue page. */
  | { type: 'openTicket'; scenarioId?: string; runId?: string };

export const NAVIGATE_TYPES = ['openTimeline', 'openSnapshot', 'openDiff', 'openDiagnostics', 'compareWithLastSuccess', 'openUser', 'revealInTree', 'openOverview', 'runEtl', 'rcaNote', 'openTicket'] as const;
