/** Messages of the Run Diagnostics panel (PanelTypes.diagnostics), one panel per run. */
import type { Categorized } from '../../core/errorCategory';
import type { NodeCalc, RunSummary, Uuid } from '../../core/types';
import type { SourceOutcome } from '../../logs/search';
import type { LogLine } from '../../logs/types';
import type { CommonToHost, NavigateToHost } from './common';

export interface DiagnosticsSubject {
  runId: Uuid;
}

export interface DiagnosticsPayload {
  run: RunSummary;
  failedNodes: NodeCalc[];
  category: Categorized | null;
  /** The run's log lines from every configured source, in time order. */
  lines: LogLine[];
  /** What each source found, or why it could not be searched. */
  sources: SourceOutcome[];
  /** The window searched (the run ± the margin). */
  window: { from: string; to: string; marginMinutes: number };
  /** The sentence saying the search stopped at its cap, or null. */
  capMessage: string | null;
  /** No log source is configured (the panel says how to add one). */
  noSources: boolean;
  /** Where the lines come from: "from the reporting schema, loaded at …" or "live from …". */
  readFrom: string;
}

export type DiagnosticsToHost =
  | CommonToHost
  /** Timeline, input snapshot, diff with the last success, RCA note of the run. */
  | NavigateToHost
  /** Open the line at this index of the payload's `lines` (its file at its line, or its console page). */
  | { type: 'openLine'; index: number }
  | { type: 'openLogSettings' };

export interface DiagnosticsUi {
  /** '' (all) or the lowest level shown. */
  level: string;
  /** '' (all) or a source kind. */
  source: string;
  search: string;
}
