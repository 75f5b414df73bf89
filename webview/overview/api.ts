/** The Overview webview's facade: one function per host call; requests get an id. */
import type { OverviewFilter } from '../../src/core/overviewFilter';
import type { ExportCsvMessage, OverviewRequest, OverviewSubject, OverviewToHost, OverviewUi } from '../../src/shared/protocol/overview';
import { channel, commonCalls } from '../common/host';

export function overviewApi() {
  const ch = channel<OverviewToHost, OverviewSubject, OverviewUi>();
  const post = (m: OverviewToHost): void => ch.post(m);
  let seq = 0;
  return {
    ...commonCalls(post),
    state: ch.state,
    saveSubject: ch.saveSubject,
    saveUi: ch.saveUi,
    setFilter: (filter: OverviewFilter): void => post({ type: 'setFilter', filter }),
    /** Posts a request; the result comes back as a `result` / `resultError` message with this id. */
    request: (request: OverviewRequest): number => {
      const id = ++seq;
      post({ type: 'request', id, request });
      return id;
    },
    openTimeline: (scenarioId: string): void => post({ type: 'openTimeline', scenarioId }),
    compareWithLastSuccess: (runId: string): void => post({ type: 'compareWithLastSuccess', runId }),
    revealInTree: (scenarioId: string): void => post({ type: 'revealInTree', scenarioId }),
    openUser: (user: string): void => post({ type: 'openUser', user }),
    runEtl: (): void => post({ type: 'runEtl' }),
    exportCsv: (m: Omit<ExportCsvMessage, 'type'>): void => post({ type: 'exportCsv', ...m }),
  };
}

export type OverviewApi = ReturnType<typeof overviewApi>;
