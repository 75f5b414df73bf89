import { candidatesOf, failureFacts, rankCandidates, type RankContext } from './culprit/rank';
import type { ElsewhereFailure } from './culprit/signals';
import { decideVerdict, type Incident, type RerunSuccess } from './culprit/verdict';
import type { NodeProfile } from './culprit/profile';
import { capDepth, jsonDiff } from './jsonDiff';
import { WITHHELD } from './privacy';
import { cmpStr, compareRuns, isFailedRun, isSuccessfulRun, lastSuccessBefore } from './runRules';
import { compareIso } from './time';
import type {
  CalcComparison,
  CalcStatus,
  DiffChangedNode,
  Explanation,
  DiffNodeRef,
  DiffCalc,
  PathChange,
  RunDiff,
  RunSummary,
  Snapshot,
  SnapshotNode,
} from './types';

export interface DiffRunsInput {
  runA: RunSummary;
  runB: RunSummary;
  snapshotA: Snapshot;
  snapshotB: Snapshot;
  calcsA: readonly DiffCalc[];
  calcsB: readonly DiffCalc[];
}

/** What the engine adds to a diff's ranking: history profiles and same-signature failures elsewhere. */
export interface RankingExtras {
  profiles?: ReadonlyMap<string, NodeProfile>;
  elsewhere?: readonly ElsewhereFailure[];
  /** A later run with the same input hashes that succeeded (the verdict's context). */
  rerun?: RerunSuccess | null;
  /** Same-signature failures of other models within the hour. */
  incident?: Incident | null;
  /** Error lines of the run's logs (message + stack); undefined: no log source was read. */
  logErrors?: readonly string[];
}

/** A diff before its ranking and verdict. */
export type PlainDiff = Omit<RunDiff, 'confidence' | 'verdict'>;

/**
 * The calc that represents a node in one run when there are several (retries): a failed
 * calc wins; otherwise, and among failures, the one that started last (processing_start_at,
 * then calc_id).
 */
function calcsByNode(calcs: readonly DiffCalc[]): Map<string, DiffCalc> {
  const byNode = new Map<string, DiffCalc>();
  for (const calc of calcs) {
    const cur = byNode.get(calc.node_id);
    if (!cur) {
      byNode.set(calc.node_id, calc);
      continue;
    }
    const curFailed = cur.status === 'failed';
    const newFailed = calc.status === 'failed';
    if (newFailed !== curFailed) {
      if (newFailed) byNode.set(calc.node_id, calc);
      continue;
    }
    const c = compareIso(calc.processing_start_at, cur.processing_start_at) || cmpStr(calc.calc_id, cur.calc_id);
    if (c > 0) byNode.set(calc.node_id, calc);
  }
  return byNode;
}

function side(n: SnapshotNode | undefined): DiffChangedNode['before'] {
  return {
    input_hash: n?.input_hash ?? null,
    // However deeply the input nests, the diff serialises (JSON, panels) without overflowing.
    input_data: n ? capDepth(n.input_data) : null,
    saved_at: n?.saved_at ?? null,
    saved_by: n?.saved_by ?? null,
  };
}

function ref(n: SnapshotNode): DiffNodeRef {
  return {
    node_id: n.node_id,
    node_name: n.node_name,
    node_type: n.node_type,
    input_hash: n.input_hash,
    // As side(): an added or removed value that deep serialises and is sized without overflowing.
    input_data: capDepth(n.input_data),
    score: 0,
    evidence: [],
  };
}

/**
 * A node whose values are withheld (a reporting copy without input values): the paths the
 * save in force at B changed, values shown as withheld; none when the hashes are equal.
 */
function withheldPathChanges(hashA: string | null, b: SnapshotNode): PathChange[] {
  if (hashA === b.input_hash) return [];
  return (b.changed_paths ?? []).map((path) => ({ path, kind: 'changed', before: WITHHELD, after: WITHHELD }));
}

function byNameThenId(a: { node_name: string; node_id: string }, b: { node_name: string; node_id: string }): number {
  return cmpStr(a.node_name, b.node_name) || cmpStr(a.node_id, b.node_id);
}

/**
 * Compares the input snapshots and node calcs of two runs (A = baseline, usually the last
 * success; B = the failed run).
 *
 * Nodes are matched by node_id. With a value on both sides (input_hash not null) a node is
 * `changed` when the hashes differ or the data deep-differs; `added` when only B has a
 * value, `removed` when only A has one; a node without a value on either side is unchanged.
 * `changed`, `added` and `removed` are ordered by the culprit ranking (`rankDiff`, most
 * likely cause of B's failure first; with `extras` from the engine: history profiles and the
 * same failure elsewhere), each entry with its score and evidence. `calc` lists nodes whose
 * calc status differs between A and B or that failed in B: failures in B first, then by
 * node_name.
 */
export function diffRuns(input: DiffRunsInput, extras: RankingExtras = {}): RunDiff {
  const nodesA = new Map<string, SnapshotNode>();
  for (const n of input.snapshotA.nodes) nodesA.set(n.node_id, n);
  const nodesB = new Map<string, SnapshotNode>();
  for (const n of input.snapshotB.nodes) nodesB.set(n.node_id, n);
  const calcA = calcsByNode(input.calcsA);
  const calcB = calcsByNode(input.calcsB);

  const ids = new Set<string>([...nodesB.keys(), ...nodesA.keys()]);
  const changed: DiffChangedNode[] = [];
  const added: DiffNodeRef[] = [];
  const removed: DiffNodeRef[] = [];
  let unchanged = 0;

  for (const id of ids) {
    const a = nodesA.get(id);
    const b = nodesB.get(id);
    const hashA = a?.input_hash ?? null;
    const hashB = b?.input_hash ?? null;
    if (hashA === null && hashB === null) {
      unchanged++;
      continue;
    }
    if (hashA === null) {
      added.push(ref(b!));
      continue;
    }
    if (hashB === null) {
      removed.push(ref(a!));
      continue;
    }
    const withheld = a!.input_withheld === true || b!.input_withheld === true;
    const pathChanges = withheld ? withheldPathChanges(hashA, b!) : jsonDiff(a!.input_data, b!.input_data);
    if (hashA === hashB && pathChanges.length === 0) {
      unchanged++;
      continue;
    }
    const meta = b ?? a!;
    changed.push({
      node_id: id,
      node_name: meta.node_name,
      node_type: meta.node_type,
      before: side(a),
      after: side(b),
      paths: pathChanges.map((p) => p.path),
      path_changes: pathChanges,
      failed_in_b: calcB.get(id)?.status === 'failed',
      score: 0,
      evidence: [],
      ...(withheld ? { values_withheld: true as const } : {}),
    });
  }

  changed.sort((x, y) => compareIso(y.after.saved_at, x.after.saved_at) || byNameThenId(x, y));
  added.sort(byNameThenId);
  removed.sort(byNameThenId);

  const calc: CalcComparison[] = [];
  const calcIds = new Set<string>([...calcB.keys(), ...calcA.keys()]);
  for (const id of calcIds) {
    const ca = calcA.get(id);
    const cb = calcB.get(id);
    const statusA: CalcStatus | null = ca?.status ?? null;
    const statusB: CalcStatus | null = cb?.status ?? null;
    if (statusA === statusB && statusB !== 'failed') continue;
    calc.push({
      node_id: id,
      node_name: (cb ?? ca)!.node_name,
      status_a: statusA,
      status_b: statusB,
      fail_reason_b: cb?.fail_reason ?? null,
      duration_a: ca?.processing_duration ?? null,
      duration_b: cb?.processing_duration ?? null,
    });
  }
  calc.sort(
    (x, y) =>
      Number(y.status_b === 'failed') - Number(x.status_b === 'failed') || byNameThenId(x, y),
  );

  const diff: PlainDiff = {
    run_a: input.runA,
    run_b: input.runB,
    changed,
    added,
    removed,
    unchanged_count: unchanged,
    calc,
    ...(input.snapshotA.values_withheld || input.snapshotB.values_withheld ? { values_withheld: true as const } : {}),
  };
  return rankDiff(diff, input, extras);
}

/**
 * Ranks a diff's candidates against run B's failure (src/core/culprit) and orders `changed`,
 * `added` and `removed` by it, each entry with its score and evidence. Returns a new diff.
 */
export function rankDiff(diff: PlainDiff, input: DiffRunsInput, extras: RankingExtras = {}): RunDiff {
  const failure = failureFacts(diff, input.calcsA, input.calcsB, input.snapshotB.nodes);
  if (extras.logErrors) failure.log_errors = extras.logErrors;
  const ctx: RankContext = {
    failure,
    profiles: extras.profiles ?? new Map(),
    elsewhere: extras.elsewhere ?? [],
  };
  const ranked = rankCandidates(candidatesOf(diff, input.snapshotA.nodes, input.snapshotB.nodes), ctx);
  const { confidence, verdict } = decideVerdict(ranked, failure, {
    failing: isFailedRun(diff.run_b.run_status),
    rerun: extras.rerun ?? null,
    incident: extras.incident ?? null,
    logs_read: extras.logErrors !== undefined,
  });
  const place = new Map(ranked.map((r, i) => [`${r.change}:${r.node_id}`, { i, r }]));
  const order = <T extends { node_id: string; score: number; evidence: unknown }>(list: readonly T[], change: string): T[] =>
    list
      .map((x) => {
        const p = place.get(`${change}:${x.node_id}`)!;
        return { x: { ...x, score: p.r.score, evidence: p.r.evidence }, i: p.i };
      })
      .sort((a, b) => a.i - b.i)
      .map((e) => e.x);
  return { ...diff, changed: order(diff.changed, 'changed'), added: order(diff.added, 'added'), removed: order(diff.removed, 'removed'), confidence, verdict };
}

/** The explain view of a ranked diff: every candidate, most likely first. */
export function candidatesOfDiff(diff: RunDiff): Explanation['candidates'] {
  const all = [
    ...diff.changed.map((c) => ({ c, change: 'changed' as const })),
    ...diff.added.map((c) => ({ c, change: 'added' as const })),
    ...diff.removed.map((c) => ({ c, change: 'removed' as const })),
  ];
  // Stable: within each list the ranking order holds; across lists, by score then save time.
  const saved = (x: (typeof all)[number]): string | null =>
    'after' in x.c ? (x.c as DiffChangedNode).after.saved_at : null;
  return all
    .map((x, i) => ({ x, i }))
    .sort((a, b) => b.x.c.score - a.x.c.score || compareIso(saved(b.x), saved(a.x)) || a.i - b.i)
    .map(({ x }) => ({ node_id: x.c.node_id, node_name: x.c.node_name, change: x.change, score: x.c.score, evidence: x.c.evidence }));
}

/**
 * Picks the pair to diff for a scenario: the last successful run before the most recent
 * failure streak, and the first failure of that streak.
 *
 * Rule: runs are in the run order (compareRuns: run_at, then run_id); queued/running runs
 * are ignored. Let F be the most recent failed run (isFailedRun). If there is none, both
 * results are null (also when there are successes: no success "precedes a failure").
 * Otherwise lastSuccess = the last success before F (lastSuccessBefore), and firstFailure =
 * the earliest failed run after lastSuccess. When no success precedes F, lastSuccess = null
 * and firstFailure = the scenario's first failure. A success after F (recovery) does not
 * change the result.
 */
export function lastSuccessFirstFailure(runs: RunSummary[]): {
  lastSuccess: RunSummary | null;
  firstFailure: RunSummary | null;
} {
  const sorted = runs.filter((r) => isSuccessfulRun(r.run_status) || isFailedRun(r.run_status)).sort(compareRuns);
  let lastFail = sorted.length - 1;
  while (lastFail >= 0 && !isFailedRun(sorted[lastFail]!.run_status)) lastFail--;
  if (lastFail < 0) return { lastSuccess: null, firstFailure: null };
  const lastSuccess = lastSuccessBefore(sorted, sorted[lastFail]!);
  // Every run between lastSuccess and lastFail is a failure (no success in between), so the
  // first failure of the streak is the run right after lastSuccess (index 0 when none).
  return {
    lastSuccess,
    firstFailure: sorted[lastSuccess ? sorted.indexOf(lastSuccess) + 1 : 0]!,
  };
}
