/** The Run Diagnostics webview's facade: one function per host call. */
import type { DiagnosticsSubject, DiagnosticsToHost, DiagnosticsUi } from '../../src/shared/protocol/diagnostics';
import { channel, commonCalls } from '../common/host';

export function diagnosticsApi() {
  const ch = channel<DiagnosticsToHost, DiagnosticsSubject, DiagnosticsUi>();
  const post = (m: DiagnosticsToHost): void => ch.post(m);
  return {
    ...commonCalls(post),
    state: ch.state,
    saveSubject: ch.saveSubject,
    saveUi: ch.saveUi,
    openTimeline: (): void => post({ type: 'openTimeline' }),
    openSnapshot: (): void => post({ type: 'openSnapshot' }),
    compareWithLastSuccess: (): void => post({ type: 'compareWithLastSuccess' }),
    rcaNote: (): void => post({ type: 'rcaNote' }),
    openLine: (index: number): void => post({ type: 'openLine', index }),
    openLogSettings: (): void => post({ type: 'openLogSettings' }),
  };
}

export type DiagnosticsApi = ReturnType<typeof diagnosticsApi>;
