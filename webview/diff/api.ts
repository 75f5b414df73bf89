/** The run diff webview's facade: one function per host call. */
import type { DiffSubject, DiffToHost, DiffUi } from '../../src/shared/protocol/diff';
import { panelApi } from '../common/host';

export function diffApi() {
  return panelApi<DiffToHost, DiffSubject, DiffUi>();
}

export type DiffApi = ReturnType<typeof diffApi>;
