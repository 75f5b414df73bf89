/** The Overview webview's facade: one function per host call; requests get an id. */
import type { OverviewFilter } from '../../src/core/overviewFilter';
import type { ExportCsvMessage, OverviewRequest, OverviewSubject, OverviewToHost, OverviewUi } from '../../src/shared/protocol/overview';
import { panelApi } from '../common/host';

export function overviewApi() {
  const api = panelApi<OverviewToHost, OverviewSubject, OverviewUi>();
  let seq = 0;
  return {
    ...api,
    setFilter: (filter: OverviewFilter): void => api.post({ type: 'setFilter', filter }),
    /** Posts a request; the result comes back as a `result` / `resultError` message with this id. */
    request: (request: OverviewRequest): number => {
      const id = ++seq;
      api.post({ type: 'request', id, request });
      return id;
    },
    exportCsv: (m: Omit<ExportCsvMessage, 'type'>): void => api.post({ type: 'exportCsv', ...m }),
  };
}

export type OverviewApi = ReturnType<typeof overviewApi>;
