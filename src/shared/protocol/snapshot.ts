/** Messages of the input snapshot panel (PanelTypes.snapshot), one panel per run. */
import type { RunSummary, Snapshot, Uuid } from '../../core/types';
import type { CommonToHost, NavigateToHost } from './common';

export interface SnapshotSubject {
  runId: Uuid;
}

/**
 * How a node's value in force compares with the previous run of the scenario:
 * `changed` (both have a value, hashes differ), `added` (a value now, none before),
 * `cleared` (none now, a value before), `same`, or `unknown` (no previous run).
 */
export type NodeChange = 'changed' | 'added' | 'cleared' | 'same' | 'unknown';

export interface SnapshotPayload {
  run: RunSummary;
  snapshot: Snapshot;
  /** The run of the same scenario just before this one (by run_at, then run_id). */
  previousRun: RunSummary | null;
  /** By node_id; computed by compareSnapshots() in src/shared/snapshotCompare.ts. */
  changes: Record<Uuid, NodeChange>;
}

/** The snapshot only navigates (timeline, diffs with the last success or the previous run, the previous run's inputs). */
export type SnapshotToHost = CommonToHost | NavigateToHost;

export interface SnapshotUi {
  /** '' (all) or a node_type. */
  type: string;
  /** '' (all nodes), 'changed' (changed since the previous run) or 'empty' (no value in force). */
  show: string;
  search: string;
}
