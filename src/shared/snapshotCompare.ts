/**
 * Which inputs changed since the previous run: compares the values in force of two
 * snapshots of the same scenario by node, by input hash. Pure (the snapshot panel's host
 * calls it; tested in test/unit/webview/webviewSnapshot.test.ts).
 */
import type { SnapshotNode, Uuid } from '../core/types';
import type { NodeChange } from './protocol/snapshot';

/**
 * `previous` null means there is no previous run: every node is `unknown`.
 * A node absent from the previous snapshot counts as having had no value there.
 */
export function compareSnapshots(
  current: readonly SnapshotNode[],
  previous: readonly SnapshotNode[] | null,
): Record<Uuid, NodeChange> {
  const out: Record<Uuid, NodeChange> = {};
  if (previous === null) {
    for (const n of current) out[n.node_id] = 'unknown';
    return out;
  }
  const before = new Map<Uuid, string | null>();
  for (const n of previous) before.set(n.node_id, n.input_hash ?? null);
  for (const n of current) {
    const was = before.get(n.node_id) ?? null;
    const now = n.input_hash ?? null;
    if (was === null && now === null) out[n.node_id] = 'same';
    else if (was === null) out[n.node_id] = 'added';
    else if (now === null) out[n.node_id] = 'cleared';
    else out[n.node_id] = was === now ? 'same' : 'changed';
  }
  return out;
}

/** How many nodes differ from the previous run (changed, added or cleared). */
export function countChanged(changes: Record<Uuid, NodeChange>): number {
  let n = 0;
  for (const c of Object.values(changes)) if (c === 'changed' || c === 'added' || c === 'cleared') n++;
  return n;
}
