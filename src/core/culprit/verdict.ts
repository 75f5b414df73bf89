/**
 * The verdict on a failure: what the ranking is worth, said once for every view (CLI, API,
 * RCA note, diff panel, hover). Pure: the ranking (with each signal's points) and the facts
 * about the failure go in, `{confidence, verdict}` comes out.
 *
 * Confidence
 * - `strong`: the top candidate has decisive evidence (`isDecisive`) and clearly beats the
 *   runner-up: the runner-up has only circumstantial evidence (and a lower score), or beats it
 *   by more than the tiebreakers together can give (MARGIN = locality + recency).
 * - `weak`: only circumstantial evidence (locality, recency, a mild or moderate outlier, a
 *   common value in the reason, a change seen before only some of the same failures
 *   elsewhere, a first value, one of several lost values), or two candidates with decisive
 *   evidence too close to call.
 * - `none`: nothing changed, the run did not fail, or the failure is not an input's doing.
 *
 * Not an input (`kind: "infrastructure"`), in this order:
 * 1. a later run of the scenario with the same input hashes succeeded: whatever changed,
 *    the inputs did not make it fail;
 * 2. the fail reason, a failed calc's reason or an error line of the run's logs reads like an
 *    infrastructure kind (src/core/errorCategory.ts, INFRASTRUCTURE_RULES), or scenarios of
 *    other models failed with the same error signature within the hour (a platform
 *    incident) — unless the top candidate grew by a large factor (growth explains memory,
 *    queue and time limits; a name in an out-of-memory message only says where it struck);
 * 3. the run timed out and no changed input grew (load), unless the top candidate has
 *    decisive evidence.
 */
import { codeSpan } from '../markdown';
import { categorizeText } from '../errorCategory';
import { truncate } from '../markdown';
import type { Iso } from '../types';
import { WEIGHTS, type ChangeKind, type FailureFacts, type Scored } from './signals';

export type Confidence = 'strong' | 'weak' | 'none';
export type VerdictKind = 'input' | 'infrastructure' | 'unknown';

export interface Verdict {
  kind: VerdictKind;
  /** The blamed input: only for kind `input` with confidence `strong`. */
  node_id: string | null;
  /** One plain sentence; names and data inside are Markdown code spans. */
  summary: string;
}

export interface VerdictResult {
  confidence: Confidence;
  verdict: Verdict;
}

/** A later run of the same scenario, with the same input hashes, that succeeded. */
export interface RerunSuccess {
  run_id: string;
  run_at: Iso;
}

/** Failures with the same error signature in scenarios of other models, near the failure. */
export interface Incident {
  runs: number;
  scenarios: number;
  models: number;
}

/** What is known about the failure beyond the diff (engine queries and logs). */
export interface VerdictContext {
  /** Whether the failure is being judged at all (run B failed or timed out). */
  failing: boolean;
  rerun?: RerunSuccess | null;
  incident?: Incident | null;
  /** Whether log sources were read (their error lines are FailureFacts.log_errors). */
  logs_read?: boolean;
}

/** A ranked candidate with the points of each signal it got. */
export interface RankedForVerdict {
  node_id: string;
  node_name: string;
  change: ChangeKind;
  score: number;
  scored: readonly Scored[];
}

/** The top candidate must beat the runner-up by more than locality and recency together. */
export const MARGIN = WEIGHTS.locality + WEIGHTS.recency;

/** Evidence that singles an input out; the rest is circumstantial. */
export function isDecisive(s: Scored): boolean {
  switch (s.signal) {
    case 'calc_failed':
    case 'named_in_reason':
    case 'key_in_reason':
    case 'named_in_logs':
    case 'growth':
      return true;
    case 'value_in_reason':
      return s.points >= WEIGHTS.value_in_reason;
    case 'length_in_reason':
    case 'type_in_reason':
      return true;
    case 'missing_value':
      return s.points >= WEIGHTS.missing_value;
    case 'outside_history':
      return s.points >= WEIGHTS.outside_history_strong;
    case 'same_failure_elsewhere':
      return s.points >= WEIGHTS.same_failure_elsewhere;
    default:
      return false;
  }
}

interface InfraFinding {
  looksLike: string;
  evidence: string;
  /** What top-candidate evidence keeps the failure an input's: nothing, growth, or any decisive signal. */
  unless: 'nothing' | 'growth' | 'decisive';
}

const q = (text: string): string => codeSpan(truncate(text.replace(/\s+/g, ' ').trim(), 120));

/** The infrastructure kind a text reads like (its rule name), or null. */
function infraKind(text: string | null | undefined): string | null {
  const c = categorizeText(text);
  return c.category === 'infrastructure' ? c.rule : null;
}

function infraFindings(f: FailureFacts, ctx: VerdictContext, ranked: readonly RankedForVerdict[]): InfraFinding[] {
  const out: InfraFinding[] = [];
  const reasons = [f.fail_reason, ...f.failed_calcs.map((c) => c.fail_reason)].filter((t): t is string => !!t && t.trim() !== '');
  const fromReason = reasons.map((text) => ({ text, kind: infraKind(text) })).find((x) => x.kind !== null);
  const fromLogs = (f.log_errors ?? []).map((text) => ({ text: text.split('\n')[0]!, kind: infraKind(text) })).find((x) => x.kind !== null);
  const kind = fromReason?.kind ?? fromLogs?.kind ?? null;
  if (ctx.rerun) {
    out.push({
      looksLike: kind ?? 'a transient platform failure',
      evidence: `a later run with the same inputs succeeded (run ${codeSpan(ctx.rerun.run_id.slice(0, 8))} at ${ctx.rerun.run_at})`,
      unless: 'nothing',
    });
  }
  if (fromReason) out.push({ looksLike: fromReason.kind!, evidence: `the fail reason reads ${q(fromReason.text)}`, unless: 'growth' });
  if (fromLogs) out.push({ looksLike: fromLogs.kind!, evidence: `the log line ${q(fromLogs.text)}`, unless: 'growth' });
  if (ctx.incident && ctx.incident.models > 0) {
    const i = ctx.incident;
    out.push({
      looksLike: kind ?? 'a platform incident',
      evidence: `${i.scenarios} scenario${i.scenarios === 1 ? '' : 's'} of ${i.models} other model${i.models === 1 ? '' : 's'} failed with the same error within the hour`,
      unless: 'growth',
    });
  }
  const timedOut = f.run_status === 'timeout' || categorizeText(f.fail_reason).category === 'timeout';
  if (timedOut && !ranked.some((r) => r.scored.some((s) => s.signal === 'growth'))) {
    out.push({
      looksLike: kind ?? 'load (a time limit with no input growth)',
      evidence: ranked.length === 0 ? 'the run timed out and no input changed' : 'the run timed out and no changed input grew',
      unless: 'decisive',
    });
  }
  return out;
}

function basis(ctx: VerdictContext): string {
  return ctx.logs_read ? 'judged on the database and the run\'s logs' : 'judged on the database alone, no logs read';
}

const CHANGE_WORD: Record<ChangeKind, string> = { changed: 'changed', added: 'got a value', removed: 'lost its value' };

/** The one rule: confidence and verdict of a ranking (most likely first) for a failure. */
export function decideVerdict(ranked: readonly RankedForVerdict[], f: FailureFacts, ctx: VerdictContext): VerdictResult {
  if (!ctx.failing) {
    return { confidence: 'none', verdict: { kind: 'unknown', node_id: null, summary: 'The later run did not fail: there is no failure to explain.' } };
  }
  const top = ranked[0];
  const topDecisive = top?.scored.filter(isDecisive) ?? [];
  const topGrew = top?.scored.some((s) => s.signal === 'growth') ?? false;
  const infra = infraFindings(f, ctx, ranked).filter(
    (x) => x.unless === 'nothing' || (x.unless === 'growth' && !topGrew) || (x.unless === 'decisive' && topDecisive.length === 0),
  );
  if (infra.length > 0) {
    const evidence = infra.map((x) => x.evidence).join('; ');
    const changed = ranked.length > 0 ? `, although ${ranked.length} input${ranked.length === 1 ? '' : 's'} changed` : '';
    return {
      confidence: 'none',
      verdict: { kind: 'infrastructure', node_id: null, summary: `Not an input: the failure looks like ${infra[0]!.looksLike} — ${evidence}${changed} (${basis(ctx)}).` },
    };
  }
  if (!top) {
    return {
      confidence: 'none',
      verdict: { kind: 'unknown', node_id: null, summary: `No input changed since the last success, so no input edit is blamed (${basis(ctx)}).` },
    };
  }
  const second = ranked[1];
  const margin = top.score - (second?.score ?? 0);
  const secondDecisive = second?.scored.some(isDecisive) ?? false;
  if (topDecisive.length > 0 && margin > 0 && (!secondDecisive || margin > MARGIN)) {
    const why = [...topDecisive].sort((a, b) => b.points - a.points)[0]!.detail;
    return {
      confidence: 'strong',
      verdict: { kind: 'input', node_id: top.node_id, summary: `Likely cause: ${codeSpan(top.node_name)} ${CHANGE_WORD[top.change]} — ${why} (${basis(ctx)}).` },
    };
  }
  if (topDecisive.length > 0 && second && secondDecisive) {
    return {
      confidence: 'weak',
      verdict: {
        kind: 'input',
        node_id: null,
        summary: `Possible causes, none decisive: ${codeSpan(top.node_name)} and ${codeSpan(second.node_name)} both have evidence and are too close to call (scores ${top.score} and ${second.score}; ${basis(ctx)}).`,
      },
    };
  }
  const pro = top.scored.filter((s) => s.points > 0);
  const what = pro.length > 0 ? [...new Set(pro.map((s) => SIGNAL_WORD[s.signal] ?? s.signal))].join(', ') : 'nothing';
  const lead = topDecisive.length > 0 ? `${codeSpan(top.node_name)} leads by only ${Math.round(margin * 1000) / 1000}` : `only circumstantial evidence (${what}) points at ${codeSpan(top.node_name)}`;
  return {
    confidence: 'weak',
    verdict: { kind: 'unknown', node_id: null, summary: `Possible causes, none decisive: ${lead}, among ${ranked.length} changed input${ranked.length === 1 ? '' : 's'} (${basis(ctx)}).` },
  };
}

const SIGNAL_WORD: Record<string, string> = {
  locality: 'the node group of the failed calculation',
  recency: 'the order of the saves',
  outside_history: 'a value somewhat unlike its history',
  value_in_reason: 'a common value in the fail reason',
  same_failure_elsewhere: 'a change before some of the same failures elsewhere',
  missing_value: 'a lost value, as other inputs lost theirs',
  first_value: 'a first value since the last success',
};
