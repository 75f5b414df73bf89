/** The input snapshot webview's facade: one function per host call. */
import type { SnapshotSubject, SnapshotToHost, SnapshotUi } from '../../src/shared/protocol/snapshot';
import { channel, commonCalls } from '../common/host';

export function snapshotApi() {
  const ch = channel<SnapshotToHost, SnapshotSubject, SnapshotUi>();
  const post = (m: SnapshotToHost): void => ch.post(m);
  return {
    ...commonCalls(post),
    state: ch.state,
    saveSubject: ch.saveSubject,
    saveUi: ch.saveUi,
    openTimeline: (): void => post({ type: 'openTimeline' }),
    compareWithLastSuccess: (): void => post({ type: 'compareWithLastSuccess' }),
    compareWithPrevious: (): void => post({ type: 'compareWithPrevious' }),
    openPreviousSnapshot: (): void => post({ type: 'openPreviousSnapshot' }),
  };
}

export type SnapshotApi = ReturnType<typeof snapshotApi>;
