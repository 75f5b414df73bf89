/**
 * Messages of the Overview panel (PanelTypes.overview): one panel, reused; its subject is
 * the filter. Figures come with the view (`data`); what a click asks for later (the runs
 * behind a figure, one day's failing scenarios, another scenario's duration trend) is a
 * request / result pair correlated by id.
 */
import type { Day, OverviewFilter } from '../../core/overviewFilter';
import type { Uuid } from '../../core/types';
import type { DurationTrend, FailingScenario, FilterOptions, OverviewData, OverviewRun, RunsDrill } from '../../core/overviewData';
import type { CommonToHost, NavigateToHost, ViewMessage } from './common';

export interface OverviewSubject {
  filter: OverviewFilter;
}

export type OverviewPayload =
  | { kind: 'data'; data: OverviewData; options: FilterOptions }
  /**
   * The figures read the reporting star schema, which is not there: not loaded yet (no ETL
   * run, or production only), or analyses are set to read production (clearsight.source).
   */
  | { kind: 'noReporting'; reason: 'not-loaded' | 'prod-source' };

export type OverviewRequest =
  | { kind: 'runs'; drill: RunsDrill }
  | { kind: 'topFailing'; day: Day }
  | { kind: 'trend'; scenarioId: Uuid };

export type OverviewResult =
  | { kind: 'runs'; drill: RunsDrill; runs: OverviewRun[]; limit: number }
  | { kind: 'topFailing'; day: Day; rows: FailingScenario[]; limit: number }
  | { kind: 'trend'; scenarioId: Uuid; trend: DurationTrend | null };

/** A result or the one-line reason it failed; `id` is the request's. */
export type ResultMessage<R> = { type: 'result'; id: number; result: R } | { type: 'resultError'; id: number; message: string };

export type OverviewToWebview = ViewMessage<OverviewSubject, OverviewPayload> | ResultMessage<OverviewResult>;

/** A table as CSV (built by the webview with src/core/csv.ts): saved where the user chooses, or copied. */
export interface ExportCsvMessage {
  type: 'exportCsv';
  /** Which table (for the status message). */
  table: string;
  csv: string;
  rows: number;
  /** Suggested file name (`*.csv`). */
  fileName: string;
  target: 'file' | 'clipboard';
}

export type OverviewToHost =
  | CommonToHost
  | { type: 'setFilter'; filter: OverviewFilter }
  | { type: 'request'; id: number; request: OverviewRequest }
  /** Navigation: timeline, a failed run's diff with the last success, the tree, a user's journey, the ETL. */
  | NavigateToHost
  | ExportCsvMessage;

/** What the webview keeps across reloads besides the filter. */
export interface OverviewUi {
  /** The scenario whose duration trend is shown (null: the top failing one). */
  trendScenarioId: Uuid | null;
  /** The day the failing-scenarios table is narrowed to. */
  day: Day | null;
  /** The runs drill-down shown (null: none). */
  drill: RunsDrill | null;
}
