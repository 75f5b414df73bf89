/** The user journey webview's facade: one function per host call. */
import type { JourneySubject, JourneyToHost, JourneyUi } from '../../src/shared/protocol/journey';
import type { ExportCsvMessage } from '../../src/shared/protocol/overview';
import { panelApi } from '../common/host';

export function journeyApi() {
  const api = panelApi<JourneyToHost, JourneySubject, JourneyUi>();
  return {
    ...api,
    setDays: (days: number): void => api.post({ type: 'setDays', days }),
    exportCsv: (m: Omit<ExportCsvMessage, 'type'>): void => api.post({ type: 'exportCsv', ...m }),
  };
}

export type JourneyApi = ReturnType<typeof journeyApi>;
