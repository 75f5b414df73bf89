/**
 * The analyses behind every view and command, over production directly (`prod`) or over
 * the reporting star schema (`reporting`). Both read SQL from `sql/queries/<kind>/` with
 * the same output columns, and share the pure rules of `src/core`, so they answer alike.
 */
import { profilesOf } from '../core/culprit/rank';
import type { HistoryRow } from '../core/culprit/profile';
import type { ElsewhereFailure } from '../core/culprit/signals';
import type { Incident, RerunSuccess } from '../core/culprit/verdict';
import { candidatesOfDiff, diffRuns, lastSuccessFirstFailure, rankDiff, type DiffRunsInput } from '../core/diff';
import { buildChanges, buildTimeline, type SrcCalc, type SrcRun, type SrcSave, type SrcScenario } from '../core/events';
import { markWithheld, splitSnapshotPair, type SnapshotPairRow, type SnapshotRow } from '../core/privacy';
import { isFailedRun, lastSuccessBefore } from '../core/runRules';
import { failSignature, groupSignatures } from '../core/signatures';
import { compareIso, isoToPgTimestamp, msBetween } from '../core/time';
import type {
  DiffCalc,
  ErrorSignature,
  Explanation,
  InputChange,
  Iso,
  NodeCalc,
  RunDiff,
  RunInfo,
  RunSummary,
  ScenarioListItem,
  Snapshot,
  SnapshotNode,
  TimelineEvent,
  Uuid,
} from '../core/types';
import { NotFoundError, UserError } from '../core/errors';
import type { Db } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { isUuid } from '../core/ids';

export type SourceKind = 'prod' | 'reporting';

export interface ScenarioFilter {
  status?: string;
  /** Name substring or id prefix. */
  search?: string;
  failedSince?: Iso;
  modelId?: Uuid;
  /** Only scenarios whose last run has one of these statuses (e.g. failed, timeout). */
  lastRunStatus?: string[];
  limit?: number;
  offset?: number;
}

export interface ModelSummary {
  model_id: Uuid;
  model_name: string;
  /** Scenarios of the model (matching the search). */
  scenarios: number;
  /** Of those, scenarios whose last run failed or timed out. */
  failing: number;
}

export interface FailedRunRow {
  run_id: Uuid;
  scenario_id: Uuid;
  model_name: string;
  fail_reason: string | null;
  at: Iso;
}

/** Validates an id argument: one clear line (exit 1) when it is not a UUID. */
export function requireUuid(text: string, what = 'id'): Uuid {
  const t = String(text ?? '').trim();
  if (!isUuid(t as unknown)) throw new UserError(`${what} '${t.length > 60 ? `${t.slice(0, 60)}…` : t}' is not a UUID`);
  return t.toLowerCase();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A search text → [name ILIKE pattern, id prefix pattern] (values stay parameters). */
function searchPatterns(text: string | undefined): [string | null, string | null] {
  const search = text?.trim() || null;
  if (!search) return [null, null];
  return [`%${escapeLike(search)}%`, /^[0-9a-f-]+$/i.test(search) ? `${escapeLike(search.toLowerCase())}%` : null];
}

type RunRow = Omit<RunSummary, 'duration_ms'>;

/**
 * Bounds of the culprit ranking's queries (docs/culprit.md, "How the ranking works"): the history
 * profile reads the failed scenario and the most recently created other scenarios of the
 * model (as many as the probe budget allows for the number of candidates, within
 * [historyScenariosMin, historyScenarios]), at most historyPerScenario saves per scenario and
 * node and historyPerNode per node, shipping values up to historyValueBytes of JSON (larger
 * ones as type, size and array lengths); the same failure elsewhere looks at the model's
 * latest failures.
 */
export const CULPRIT_LIMITS = {
  historyScenarios: 64,
  historyScenariosMin: 16,
  /**
   * Index probes (one per other scenario and candidate node) the history may spend: 5
   * candidates read 64 other scenarios, 10 read 32, 19 or more read 16 (the floor: above 20
   * candidates the budget is exceeded rather than the profile thinned further). The cost of the
   * query, the rows it ships and the profile's work all grow with scenarios × candidates.
   */
  historyProbes: 320,
  historyPerScenario: 50,
  historyPerNode: 2000,
  historyValueBytes: 4096,
  failures: 500,
  /** Failures read per other scenario (the latest). */
  failuresPerScenario: 3,
  /** Other scenarios (one failure each, the latest) whose changes are compared. */
  elsewhereScenarios: 20,
  /** Later successful runs of the scenario checked for the same inputs (the verdict's rerun). */
  rerunsChecked: 5,
  /** Minutes either side of the failure in which other models' failures make an incident. */
  incidentMinutes: 60,
  /** Failures of other models read for an incident (nearest first). */
  incidentRuns: 200,
} as const;

/** What the verdict may read besides the database (the run's log error lines). */
export interface DiffOptions {
  /** Error lines (message + stack) of run B's logs; undefined: no log source was read. */
  logErrors?: readonly string[];
}

/** Other scenarios the history reads for this many candidate nodes (the probe budget). */
export function historyScenarios(candidates: number): number {
  const L = CULPRIT_LIMITS;
  return Math.max(L.historyScenariosMin, Math.min(L.historyScenarios, Math.floor(L.historyProbes / Math.max(1, candidates))));
}

interface FailureRow {
  run_id: Uuid;
  scenario_id: Uuid;
  run_at: Iso;
  fail_reason: string;
}

function logExtras(options: DiffOptions): { logErrors?: readonly string[] } {
  return options.logErrors ? { logErrors: options.logErrors } : {};
}

function withDuration(r: RunRow): RunSummary {
  return { ...r, duration_ms: msBetween(r.run_at, r.run_complete_at) };
}

export class Analyses {
  constructor(
    readonly db: Db,
    readonly kind: SourceKind,
  ) {}

  private q(name: string): string {
    return sqlText(`queries/${this.kind}/${name}`);
  }

  async scenarios(filter: ScenarioFilter = {}): Promise<ScenarioListItem[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 50)), 10_000);
    return this.db.query<ScenarioListItem>(this.q('scenarios'), [
      filter.status ?? null,
      ...searchPatterns(filter.search),
      filter.failedSince ? isoToPgTimestamp(filter.failedSince) : null,
      limit,
      Math.max(0, Math.floor(filter.offset ?? 0)),
      filter.modelId ?? null,
      null,
      filter.lastRunStatus?.length ? filter.lastRunStatus : null,
    ]);
  }

  async scenario(id: Uuid): Promise<ScenarioListItem | null> {
    const rows = await this.db.query<ScenarioListItem>(this.q('scenarios'), [null, null, null, null, 1, 0, null, id, null]);
    return rows[0] ?? null;
  }

  /** Models with scenario counts (matching the search), by name. */
  async models(search?: string): Promise<ModelSummary[]> {
    return this.db.query<ModelSummary>(this.q('models'), searchPatterns(search));
  }

  async runs(scenarioId: Uuid): Promise<RunSummary[]> {
    return (await this.db.query<RunRow>(this.q('runs'), [scenarioId, null])).map(withDuration);
  }

  async run(runId: Uuid): Promise<RunSummary | null> {
    const rows = await this.db.query<RunRow>(this.q('runs'), [null, runId]);
    return rows[0] ? withDuration(rows[0]) : null;
  }

  async requireRun(runId: string): Promise<RunSummary> {
    const id = requireUuid(runId, 'run id');
    const run = await this.run(id);
    if (!run) throw new NotFoundError(`unknown run id ${id}`, `not found on ${this.db.label}`);
    return run;
  }

  async requireScenario(scenarioId: string): Promise<ScenarioListItem> {
    const id = requireUuid(scenarioId, 'scenario id');
    const s = await this.scenario(id);
    if (!s) throw new NotFoundError(`unknown scenario id ${id}`, `not found on ${this.db.label}`);
    return s;
  }

  /** A run's node calcs, found by its scenario and id (one shard of a distributed engine); the scenario is looked up when not given. */
  async calcs(runId: Uuid, scenarioId?: Uuid): Promise<NodeCalc[]> {
    const scenario = scenarioId ?? (await this.run(runId))?.scenario_id;
    return scenario ? this.db.query<NodeCalc>(this.q('calcs'), [runId, scenario]) : [];
  }

  async snapshot(runId: string): Promise<Snapshot> {
    return this.snapshotOf(await this.requireRun(runId));
  }

  /** A value the reporting copy withholds (etl --no-input-values) is marked so, not shown as none. */
  private async snapshotOf(run: RunSummary): Promise<Snapshot> {
    const { nodes, withheld } = markWithheld(await this.db.query<SnapshotRow>(this.q('snapshot'), [run.run_id, run.scenario_id]));
    return { run_id: run.run_id, scenario_id: run.scenario_id, run_at: run.run_at, nodes, ...(withheld ? { values_withheld: true as const } : {}) };
  }

  /**
   * The snapshots of runs A and B. Two runs of one scenario (the RCA's own pair) are read in
   * one statement that sends a version both runs used once: B's node is then A's node object.
   */
  async snapshotsOf(a: RunSummary, b: RunSummary): Promise<[Snapshot, Snapshot]> {
    if (a.scenario_id !== b.scenario_id || a.run_id === b.run_id) return Promise.all([this.snapshotOf(a), this.snapshotOf(b)]);
    const pair = splitSnapshotPair(await this.db.query<SnapshotPairRow>(this.q('snapshot_pair'), [a.run_id, a.scenario_id, b.run_id]));
    const snapshot = (run: RunSummary, s: { nodes: SnapshotNode[]; withheld: boolean }): Snapshot => ({
      run_id: run.run_id,
      scenario_id: run.scenario_id,
      run_at: run.run_at,
      nodes: s.nodes,
      ...(s.withheld ? { values_withheld: true as const } : {}),
    });
    return [snapshot(a, pair.a), snapshot(b, pair.b)];
  }

  /** The calcs of runs A and B as a diff reads them: of one scenario in one statement. */
  async diffCalcs(a: RunSummary, b: RunSummary): Promise<[Array<DiffCalc & { in_b?: boolean }>, Array<DiffCalc & { in_b?: boolean }>]> {
    if (a.scenario_id !== b.scenario_id || a.run_id === b.run_id) return Promise.all([this.calcs(a.run_id, a.scenario_id), this.calcs(b.run_id, b.scenario_id)]);
    const rows = await this.db.query<DiffCalc & { in_b: boolean }>(this.q('calcs_pair'), [a.run_id, a.scenario_id, b.run_id]);
    const split = rows.findIndex((r) => r.in_b);
    return split < 0 ? [rows, []] : [rows.slice(0, split), rows.slice(split)];
  }

  private async nodeNames(scenarioId: Uuid): Promise<Map<Uuid, string>> {
    const rows = await this.db.query<{ node_id: Uuid; node_name: string }>(this.q('node_names'), [scenarioId]);
    return new Map(rows.map((r) => [r.node_id, r.node_name]));
  }

  async timeline(scenarioId: string): Promise<TimelineEvent[]> {
    const s = await this.requireScenario(scenarioId);
    if (this.kind === 'reporting') {
      const rows = await this.db.query<TimelineEvent>(this.q('timeline'), [s.scenario_id]);
      return rows.map((r) => ({ ...r, details: r.details ?? {} }));
    }
    const [scenario, runs, saves, calcs, names] = await Promise.all([
      this.db.query<SrcScenario>(this.q('src_scenario'), [s.scenario_id]),
      this.db.query<SrcRun>(this.q('src_runs'), [s.scenario_id]),
      this.db.query<SrcSave>(this.q('src_saves'), [s.scenario_id]),
      this.db.query<SrcCalc>(this.q('src_failed_calcs'), [s.scenario_id]),
      this.nodeNames(s.scenario_id),
    ]);
    return buildTimeline({ scenario: scenario[0], runs, saves, calcs, names });
  }

  async changes(scenarioId: string): Promise<InputChange[]> {
    const s = await this.requireScenario(scenarioId);
    const [saves, names] = await Promise.all([
      this.db.query<SrcSave>(this.q(this.kind === 'prod' ? 'src_saves' : 'changes'), [s.scenario_id]),
      this.nodeNames(s.scenario_id),
    ]);
    return buildChanges(saves, names);
  }

  /**
   * Compares two runs node by node (inputs in force, JSON paths, node calcs), the changed,
   * added and removed inputs ranked as causes of run B's failure. Statements: the two runs,
   * then the snapshots, the calcs and the model's failures (one round trip: for two runs of
   * one scenario both snapshots in one statement and both calcs in another), then the history
   * profile and the changes before the same failures elsewhere (one round trip): 7 in all for
   * two runs of one scenario (9 across scenarios), 3 of them for the ranking.
   */
  async diff(runA: string, runB: string, options: DiffOptions = {}): Promise<RunDiff> {
    const [a, b] = await Promise.all([this.requireRun(runA), this.requireRun(runB)]);
    return this.diffOf(a, b, options);
  }

  private async diffOf(a: RunSummary, b: RunSummary, options: DiffOptions = {}): Promise<RunDiff> {
    const failing = isFailedRun(b.run_status);
    // The failure's context first: on production its statements are the ones its documented
    // indexes leave as scans (runs by time, scenarios by model), and five statements share a pool
    // of four connections: the slowest start at once, the quick ones take the first freed.
    const [context, failures, [snapshotA, snapshotB], [calcsA, calcsB]] = await Promise.all([
      failing ? this.failureContext(b) : Promise.resolve({ rerun: null, incident: null }),
      failing ? this.sameSignatureElsewhere(b) : Promise.resolve([]),
      this.snapshotsOf(a, b),
      this.diffCalcs(a, b),
    ]);
    const input: DiffRunsInput = { runA: a, runB: b, snapshotA, snapshotB, calcsA, calcsB };
    const plain = diffRuns(input);
    if (!failing) return plain;
    const ids = [...plain.changed, ...plain.added].map((n) => n.node_id);
    const cutoff = compareIso(a.run_at, b.run_at) <= 0 ? a.run_at : b.run_at;
    const [history, elsewhere] = await Promise.all([
      ids.length > 0 ? this.history(b.scenario_id, ids, cutoff) : Promise.resolve([]),
      this.changedBefore(failures),
    ]);
    return rankDiff(plain, input, { profiles: profilesOf(ids, history), elsewhere, ...context, ...logExtras(options) });
  }

  /**
   * The verdict's context of failed run B (two statements, in the round trip of the
   * snapshots): a later successful run with the same input hashes, and failures with B's
   * error signature in scenarios of other models within CULPRIT_LIMITS.incidentMinutes.
   */
  async failureContext(b: RunSummary): Promise<{ rerun: RerunSuccess | null; incident: Incident | null }> {
    const L = CULPRIT_LIMITS;
    const signature = b.fail_reason && b.fail_reason.trim() !== '' ? failSignature(b.fail_reason) : null;
    const [nearby, reruns] = await Promise.all([
      signature
        ? this.db.query<{ run_id: Uuid; scenario_id: Uuid; model_id: Uuid; fail_reason: string }>(this.q('culprit_incident'), [b.run_id, L.incidentMinutes, L.incidentRuns])
        : Promise.resolve([]),
      this.db.query<RerunSuccess>(this.q('culprit_rerun'), [b.run_id, L.rerunsChecked]),
    ]);
    const same = nearby.filter((r) => failSignature(r.fail_reason) === signature);
    const incident = same.length > 0 ? { runs: same.length, scenarios: new Set(same.map((r) => r.scenario_id)).size, models: new Set(same.map((r) => r.model_id)).size } : null;
    return { rerun: reruns[0] ?? null, incident };
  }

  /** Earlier values of the nodes (the history profile; bounds in CULPRIT_LIMITS). */
  async history(scenarioId: Uuid, nodeIds: readonly Uuid[], before: Iso): Promise<HistoryRow[]> {
    const L = CULPRIT_LIMITS;
    return this.db.query<HistoryRow>(this.q('culprit_history'), [
      scenarioId,
      [...nodeIds],
      isoToPgTimestamp(before),
      historyScenarios(nodeIds.length),
      L.historyPerScenario,
      L.historyPerNode,
      L.historyValueBytes,
    ]);
  }

  /**
   * The latest failure of each other scenario of the model whose error has run B's signature
   * (the run's fail reason; else its first failed calc's is not known here, so none).
   */
  private async sameSignatureElsewhere(b: RunSummary): Promise<FailureRow[]> {
    if (!b.fail_reason || b.fail_reason.trim() === '') return [];
    const signature = failSignature(b.fail_reason);
    const rows = await this.db.query<FailureRow>(this.q('culprit_failures'), [b.scenario_id, CULPRIT_LIMITS.failures, CULPRIT_LIMITS.failuresPerScenario]);
    const perScenario = new Map<Uuid, FailureRow>();
    for (const r of rows) {
      if (perScenario.has(r.scenario_id) || failSignature(r.fail_reason) !== signature) continue;
      perScenario.set(r.scenario_id, r);
      if (perScenario.size >= CULPRIT_LIMITS.elsewhereScenarios) break;
    }
    return [...perScenario.values()];
  }

  /** For each failure: the inputs changed between its scenario's last success and it (those with a baseline). */
  private async changedBefore(failures: readonly FailureRow[]): Promise<ElsewhereFailure[]> {
    if (failures.length === 0) return [];
    const rows = await this.db.query<{ run_id: Uuid; scenario_id: Uuid; has_baseline: boolean; node_id: Uuid | null; failed_node_ids: Uuid[] }>(
      this.q('culprit_changed_before'),
      [failures.map((f) => f.run_id)],
    );
    const byRun = new Map<Uuid, ElsewhereFailure & { changed_node_ids: Uuid[] }>();
    for (const r of rows) {
      if (!r.has_baseline) continue;
      let e = byRun.get(r.run_id);
      if (!e) byRun.set(r.run_id, (e = { run_id: r.run_id, scenario_id: r.scenario_id, changed_node_ids: [], failed_node_ids: r.failed_node_ids ?? [] }));
      if (r.node_id) e.changed_node_ids.push(r.node_id);
    }
    return [...byRun.values()].sort((x, y) => (x.run_id < y.run_id ? -1 : x.run_id > y.run_id ? 1 : 0));
  }

  /**
   * `explain RUN_ID`: the failed run's likely causes against its last success before it
   * (every input with a value is a candidate when there is none).
   */
  async explain(runId: string, options: DiffOptions = {}): Promise<Explanation> {
    const run = await this.requireRun(runId);
    if (!isFailedRun(run.run_status)) {
      throw new UserError(`run ${run.run_id} is ${run.run_status}: explain needs a failed or timed-out run`);
    }
    const baseline = lastSuccessBefore(await this.runs(run.scenario_id), run);
    let diff: RunDiff;
    if (baseline) diff = await this.diffOf(baseline, run, options);
    else {
      // No baseline: compare with nothing (every input in force is "added").
      diff = await this.diffAgainstNothing({ ...run, run_status: 'success', run_at: '1970-01-01T00:00:00.000Z', run_complete_at: null, fail_reason: null }, run, options);
    }
    return { run_id: run.run_id, baseline_run_id: baseline?.run_id ?? null, confidence: diff.confidence, verdict: diff.verdict, candidates: candidatesOfDiff(diff) };
  }

  private async diffAgainstNothing(empty: RunSummary, b: RunSummary, options: DiffOptions): Promise<RunDiff> {
    const [snapshotB, calcsB, failures, context] = await Promise.all([this.snapshotOf(b), this.calcs(b.run_id, b.scenario_id), this.sameSignatureElsewhere(b), this.failureContext(b)]);
    const input: DiffRunsInput = {
      runA: empty,
      runB: b,
      snapshotA: { run_id: empty.run_id, scenario_id: b.scenario_id, run_at: empty.run_at, nodes: [] },
      snapshotB,
      calcsA: [],
      calcsB,
    };
    const plain = diffRuns(input);
    const ids = plain.added.map((n) => n.node_id);
    const [history, elsewhere] = await Promise.all([
      ids.length > 0 ? this.history(b.scenario_id, ids, b.run_at) : Promise.resolve([]),
      this.changedBefore(failures),
    ]);
    return rankDiff(plain, input, { profiles: profilesOf(ids, history), elsewhere, ...context, ...logExtras(options) });
  }

  /** The pair an RCA compares: the last success before a failure, and that first failure. */
  async failurePair(scenarioId: string): Promise<{ lastSuccess: RunSummary | null; firstFailure: RunSummary | null }> {
    const s = await this.requireScenario(scenarioId);
    return lastSuccessFirstFailure(await this.runs(s.scenario_id));
  }

  /** `diff --scenario`: last successful run vs the first failed run after it. */
  async diffScenario(scenarioId: string): Promise<RunDiff> {
    const { lastSuccess, firstFailure } = await this.failurePair(scenarioId);
    if (!firstFailure) throw new UserError(`scenario ${scenarioId} has no failed run to compare`);
    if (!lastSuccess) throw new UserError(`scenario ${scenarioId} has no successful run before its first failure (${firstFailure.run_id})`);
    return this.diff(lastSuccess.run_id, firstFailure.run_id);
  }

  async failedRuns(options: { since?: Iso; signature?: string } = {}): Promise<FailedRunRow[]> {
    const rows = await this.db.query<FailedRunRow>(this.q('failed_runs'), [
      options.since ? isoToPgTimestamp(options.since) : null,
      options.signature ?? null,
    ]);
    // Production has no signature column: the same rule is applied here.
    return options.signature ? rows.filter((r) => r.fail_reason && failSignature(r.fail_reason) === options.signature) : rows;
  }

  /** Error signatures over all failed runs (or from `since`, up to `until`), most frequent first. */
  async signatures(since?: Iso, until?: Iso): Promise<ErrorSignature[]> {
    const rows = await this.failedRuns({ since });
    return groupSignatures(until ? rows.filter((r) => Date.parse(r.at) <= Date.parse(until)) : rows);
  }

  /** Where else a run's error occurs: its signature with every run and scenario it hit. */
  async sameError(run: RunSummary): Promise<ErrorSignature | null> {
    if (!run.fail_reason) return null;
    const signature = failSignature(run.fail_reason);
    return groupSignatures(await this.failedRuns({ signature }))[0] ?? null;
  }

  /** What a hover shows for any UUID: a run, a scenario, a request id, or nothing known. */
  async runInfo(idText: string): Promise<RunInfo> {
    const id = requireUuid(idText);
    const run = await this.run(id);
    if (run) {
      const failing = isFailedRun(run.run_status);
      const [calcs, x] = await Promise.all([this.calcs(id, run.scenario_id), failing ? this.explain(id) : Promise.resolve(null)]);
      const failed_nodes = calcs.filter((c) => c.status === 'failed');
      if (!x) return { kind: 'run', id, run, failed_nodes };
      const top = x.candidates[0];
      return {
        kind: 'run',
        id,
        run,
        failed_nodes,
        verdict: { confidence: x.confidence, verdict: x.verdict, top: top ? { node_id: top.node_id, node_name: top.node_name, change: top.change, score: top.score } : null },
      };
    }
    const scenario = await this.scenario(id);
    if (scenario) return { kind: 'scenario', id, scenario };
    const matches = await this.db.query<Extract<RunInfo, { kind: 'request' }>['matches'][number]>(this.q('request'), [id]);
    if (matches.length > 0) {
      matches.sort((x, y) => compareIso(x.at, y.at));
      return { kind: 'request', id, matches };
    }
    return { kind: 'unknown', id };
  }
}
