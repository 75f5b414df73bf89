/** Messages of the run diff panel (PanelTypes.diff), one panel per (run A, run B) pair. */
import type { RunDiff, Uuid } from '../../core/types';
import type { CommonToHost, NavigateToHost } from './common';

export interface DiffSubject {
  /** Baseline (usually the last success). */
  runA: Uuid;
  /** The run compared with it (usually the first failure). */
  runB: Uuid;
}

export interface DiffPayload {
  diff: RunDiff;
  /** The cap of JSON paths per node (src/core/jsonDiff DEFAULT_MAX_CHANGES): a node at the cap was cut. */
  maxPaths: number;
}

/** The diff only navigates (either run's inputs, the timeline, the RCA note). */
export type DiffToHost = CommonToHost | NavigateToHost;

export interface DiffUi {
  /** node_ids whose full before/after values are expanded. */
  open: string[];
}
