/**
 * The culprit ranking: every input that differs between the baseline (last success) and the
 * failed run, most likely cause first, each with the evidence for its place. Pure: the
 * engine hands in the diff, the history profiles and the same-signature failures.
 *
 * score = the sum of the points of every signal found (WEIGHTS in ./signals). Ties: the
 * later save first, then name, then id.
 */
import { compareIso } from '../time';
import type { DiffChangedNode, DiffNodeRef, Iso, DiffCalc, RunDiff, SnapshotNode } from '../types';
import { buildProfile, type HistoryRow, type NodeProfile } from './profile';
import {
  calcFailedSignal,
  elsewhereSignal,
  firstValueSignal,
  growthSignal,
  keySignal,
  lengthSignal,
  missingValueSignal,
  typeSignal,
  localitySignal,
  logSignal,
  namedSignal,
  outsideHistorySignal,
  recencySignal,
  sameFailures,
  slowCalcs,
  valueSignal,
  type Candidate,
  type ElsewhereFailure,
  type Evidence,
  type FailureFacts,
  type Scored,
} from './signals';

export interface RankedCandidate {
  node_id: string;
  node_name: string;
  change: Candidate['change'];
  score: number;
  evidence: Evidence[];
}

export interface RankContext {
  failure: FailureFacts;
  profiles: ReadonlyMap<string, NodeProfile>;
  elsewhere: readonly ElsewhereFailure[];
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Scores and orders the candidates (most likely first). */
export function rankCandidates(candidates: readonly Candidate[], ctx: RankContext): Array<RankedCandidate & { candidate: Candidate; scored: Scored[] }> {
  const names = candidates.map((c) => c.node_name);
  const elsewhere = sameFailures(ctx.elsewhere, ctx.failure);
  const saved = candidates
    .filter((c) => c.change !== 'removed' && c.saved_at !== null)
    .sort((a, b) => compareIso(b.saved_at, a.saved_at) || cmpStr(a.node_id, b.node_id));
  // Candidates saved at the same instant share a place.
  const order = new Map<string, number>();
  saved.forEach((c, i) => order.set(c.node_id, i > 0 && compareIso(c.saved_at, saved[i - 1]!.saved_at) === 0 ? order.get(saved[i - 1]!.node_id)! : i));
  const ranked = candidates.map((c) => {
    const found: Array<Scored | null> = [
      calcFailedSignal(c),
      namedSignal(c, ctx.failure, names),
      keySignal(c, ctx.failure, candidates, names),
      logSignal(c, ctx.failure, candidates, names),
      valueSignal(c, ctx.failure, candidates),
      missingValueSignal(c, ctx.failure, candidates),
      lengthSignal(c, ctx.failure, candidates),
      typeSignal(c, ctx.failure, candidates),
      outsideHistorySignal(c, ctx.profiles.get(c.node_id)),
      growthSignal(c, ctx.failure),
      elsewhereSignal(c, elsewhere),
      localitySignal(c, ctx.failure),
      firstValueSignal(c),
      order.has(c.node_id) ? recencySignal(order.get(c.node_id)!, saved.length) : null,
    ];
    const evidence = found.filter((x): x is Scored => x !== null && x.points > 0);
    const score = Math.round(evidence.reduce((s, e) => s + e.points, 0) * 1000) / 1000;
    return {
      node_id: c.node_id,
      node_name: c.node_name,
      change: c.change,
      score,
      evidence: evidence.sort((x, y) => y.points - x.points).map(({ signal, detail }) => ({ signal, detail })),
      /** The evidence with its points (the verdict reads them; not part of any output). */
      scored: evidence,
      candidate: c,
    };
  });
  ranked.sort(
    (x, y) =>
      y.score - x.score ||
      compareIso(y.candidate.saved_at, x.candidate.saved_at) ||
      cmpStr(x.node_name, y.node_name) ||
      cmpStr(x.node_id, y.node_id),
  );
  return ranked;
}

/** The candidates of a diff: changed, added and removed inputs with their node groups. */
export function candidatesOf(diff: Omit<RunDiff, 'confidence' | 'verdict'>, nodesA: readonly SnapshotNode[], nodesB: readonly SnapshotNode[]): Candidate[] {
  const group = new Map<string, string | null>();
  for (const n of nodesA) group.set(n.node_id, n.node_group);
  for (const n of nodesB) group.set(n.node_id, n.node_group);
  const savedB = new Map<string, Iso | null>();
  for (const n of nodesB) savedB.set(n.node_id, n.saved_at);
  const savedA = new Map<string, Iso | null>();
  for (const n of nodesA) savedA.set(n.node_id, n.saved_at);
  const out: Candidate[] = diff.changed.map((c: DiffChangedNode) => ({
    node_id: c.node_id,
    node_name: c.node_name,
    node_type: c.node_type,
    node_group: group.get(c.node_id) ?? null,
    change: 'changed',
    before: c.before.input_data,
    after: c.after.input_data,
    path_changes: c.path_changes,
    saved_at: c.after.saved_at,
    failed_in_b: c.failed_in_b,
  }));
  const failed = new Set(diff.calc.filter((c) => c.status_b === 'failed').map((c) => c.node_id));
  const ref = (r: DiffNodeRef, change: 'added' | 'removed'): Candidate => ({
    node_id: r.node_id,
    node_name: r.node_name,
    node_type: r.node_type,
    node_group: group.get(r.node_id) ?? null,
    change,
    before: change === 'removed' ? r.input_data : undefined,
    after: change === 'added' ? r.input_data : undefined,
    path_changes: [],
    saved_at: (change === 'added' ? savedB.get(r.node_id) : savedA.get(r.node_id)) ?? null,
    failed_in_b: failed.has(r.node_id),
  });
  for (const r of diff.added) out.push(ref(r, 'added'));
  for (const r of diff.removed) out.push(ref(r, 'removed'));
  return out;
}

/** The facts about run B's failure a ranking reads. */
export function failureFacts(diff: Omit<RunDiff, 'confidence' | 'verdict'>, calcsA: readonly DiffCalc[], calcsB: readonly DiffCalc[], nodesB: readonly SnapshotNode[]): FailureFacts {
  const group = new Map(nodesB.map((n) => [n.node_id, n.node_group]));
  return {
    run_status: diff.run_b.run_status,
    fail_reason: diff.run_b.fail_reason,
    failed_calcs: calcsB
      .filter((c) => c.status === 'failed')
      .map((c) => ({ node_id: c.node_id, node_name: c.node_name, node_group: group.get(c.node_id) ?? null, fail_reason: c.fail_reason })),
    slow_calcs: slowCalcs(calcsA, calcsB),
    node_names: nodesB.map((n) => n.node_name),
  };
}

/** Profiles of the candidates from the history rows (one query for all of them). */
export function profilesOf(nodeIds: readonly string[], rows: readonly HistoryRow[]): Map<string, NodeProfile> {
  const byNode = new Map<string, HistoryRow[]>();
  for (const r of rows) {
    let list = byNode.get(r.node_id);
    if (!list) byNode.set(r.node_id, (list = []));
    list.push(r);
  }
  return new Map(nodeIds.map((id) => [id, buildProfile(id, byNode.get(id) ?? [])]));
}
