/** Messages of the scenario timeline panel (PanelTypes.timeline), one panel per scenario. */
import type { RunSummary, ScenarioListItem, TimelineEvent, Uuid } from '../../core/types';
import type { CommonToHost, NavigateToHost } from './common';

export interface TimelineSubject {
  scenarioId: Uuid;
}

export interface TimelinePayload {
  scenario: ScenarioListItem;
  /** In timeline order (event_timestamp, then event_key). */
  events: TimelineEvent[];
  /** Every run of the scenario (run status, and the next run after an input change). */
  runs: RunSummary[];
}

/** The timeline only navigates (snapshot, diff with the last success, RCA note, a user's journey). */
export type TimelineToHost = CommonToHost | NavigateToHost;

/** Filters and selection the webview keeps across reloads. */
export interface TimelineUi {
  /** '' (all), 'failures', or an EventType. */
  type: string;
  user: string;
  node: string;
  search: string;
  /** event_key of the selected event. */
  selected: string | null;
}
