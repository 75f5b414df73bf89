/** The run diff webview's facade: one function per host call. */
import type { DiffSubject, DiffToHost, DiffUi } from '../../src/shared/protocol/diff';
import { channel, commonCalls } from '../common/host';

export function diffApi() {
  const ch = channel<DiffToHost, DiffSubject, DiffUi>();
  const post = (m: DiffToHost): void => ch.post(m);
  return {
    ...commonCalls(post),
    state: ch.state,
    saveSubject: ch.saveSubject,
    saveUi: ch.saveUi,
    openSnapshot: (side: 'a' | 'b'): void => post({ type: 'openSnapshot', side }),
    openTimeline: (): void => post({ type: 'openTimeline' }),
    rcaNote: (): void => post({ type: 'rcaNote' }),
  };
}

export type DiffApi = ReturnType<typeof diffApi>;
