/** The input snapshot webview's facade: one function per host call. */
import type { SnapshotSubject, SnapshotToHost, SnapshotUi } from '../../src/shared/protocol/snapshot';
import { panelApi } from '../common/host';

export function snapshotApi() {
  return panelApi<SnapshotToHost, SnapshotSubject, SnapshotUi>();
}

export type SnapshotApi = ReturnType<typeof snapshotApi>;
