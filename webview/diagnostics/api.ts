/** The Run Diagnostics webview's facade: one function per host call. */
import type { DiagnosticsSubject, DiagnosticsToHost, DiagnosticsUi } from '../../src/shared/protocol/diagnostics';
import { panelApi } from '../common/host';

export function diagnosticsApi() {
  const api = panelApi<DiagnosticsToHost, DiagnosticsSubject, DiagnosticsUi>();
  return {
    ...api,
    openLine: (index: number): void => api.post({ type: 'openLine', index }),
    openLogSettings: (): void => api.post({ type: 'openLogSettings' }),
  };
}

export type DiagnosticsApi = ReturnType<typeof diagnosticsApi>;
