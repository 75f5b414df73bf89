/** The timeline webview's facade: one function per host call. */
import type { TimelineSubject, TimelineToHost, TimelineUi } from '../../src/shared/protocol/timeline';
import { panelApi } from '../common/host';

export function timelineApi() {
  return panelApi<TimelineToHost, TimelineSubject, TimelineUi>();
}

export type TimelineApi = ReturnType<typeof timelineApi>;
