/** Messages of the user journey panel (PanelTypes.journey): one panel per user. */
import type { Uuid } from '../../core/types';
import type { UserJourney } from '../../core/overviewData';
import type { CommonToHost, NavigateToHost } from './common';
import type { ExportCsvMessage } from './overview';

export interface JourneySubject {
  user: string;
  /** The last `days` days of the user's activity. */
  days: number;
}

export type JourneyPayload = { kind: 'data'; journey: UserJourney; presets: number[] } | { kind: 'noReporting'; reason: 'not-loaded' | 'prod-source' };

export type JourneyToHost = CommonToHost | NavigateToHost | { type: 'setDays'; days: number } | ExportCsvMessage;

export interface JourneyUi {
  /** Indexes of the sessions shown expanded. */
  open: number[];
  /** Only sessions touching this scenario (null: all). */
  scenarioId: Uuid | null;
  /** Only sessions that started on this UTC day (null: all). */
  day: string | null;
}
