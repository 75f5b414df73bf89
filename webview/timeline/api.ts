/** The timeline webview's facade: one function per host call. */
import type { TimelineSubject, TimelineToHost, TimelineUi } from '../../src/shared/protocol/timeline';
import { channel, commonCalls } from '../common/host';

export function timelineApi() {
  const ch = channel<TimelineToHost, TimelineSubject, TimelineUi>();
  const post = (m: TimelineToHost): void => ch.post(m);
  return {
    ...commonCalls(post),
    state: ch.state,
    saveSubject: ch.saveSubject,
    saveUi: ch.saveUi,
    openSnapshot: (runId: string): void => post({ type: 'openSnapshot', runId }),
    compareWithLastSuccess: (runId: string): void => post({ type: 'compareWithLastSuccess', runId }),
    openDiagnostics: (runId: string): void => post({ type: 'openDiagnostics', runId }),
    compareFailurePair: (): void => post({ type: 'compareFailurePair' }),
    rcaNote: (): void => post({ type: 'rcaNote' }),
    openUser: (user: string): void => post({ type: 'openUser', user }),
  };
}

export type TimelineApi = ReturnType<typeof timelineApi>;
