/** The user journey webview's facade: one function per host call. */
import type { ExportCsvMessage } from '../../src/shared/protocol/overview';
import type { JourneySubject, JourneyToHost, JourneyUi } from '../../src/shared/protocol/journey';
import { channel, commonCalls } from '../common/host';

export function journeyApi() {
  const ch = channel<JourneyToHost, JourneySubject, JourneyUi>();
  const post = (m: JourneyToHost): void => ch.post(m);
  return {
    ...commonCalls(post),
    state: ch.state,
    saveSubject: ch.saveSubject,
    saveUi: ch.saveUi,
    setDays: (days: number): void => post({ type: 'setDays', days }),
    openTimeline: (scenarioId: string): void => post({ type: 'openTimeline', scenarioId }),
    compareWithLastSuccess: (runId: string): void => post({ type: 'compareWithLastSuccess', runId }),
    openSnapshot: (runId: string): void => post({ type: 'openSnapshot', runId }),
    revealInTree: (scenarioId: string): void => post({ type: 'revealInTree', scenarioId }),
    openOverview: (): void => post({ type: 'openOverview' }),
    runEtl: (): void => post({ type: 'runEtl' }),
    exportCsv: (m: Omit<ExportCsvMessage, 'type'>): void => post({ type: 'exportCsv', ...m }),
  };
}

export type JourneyApi = ReturnType<typeof journeyApi>;
