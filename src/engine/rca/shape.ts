/**
 * The pure part of the `/rca` answers: rows of the reporting schema → the shapes of
 * schemas.ts (run cards, the comparison's input changes and failure delta, the per-category
 * counts, a scenario's error summary). No database here; src/engine/rca/rca.ts reads the rows.
 */
import { DESIGN_CATEGORIES, ERROR_CATEGORIES, designCategory, type DesignCategory, type ErrorCategory } from '../../core/errorCategory';
import { candidatesOfDiff } from '../../core/diff';
import { isFailedRun } from '../../core/runRules';
import { compareIso } from '../../core/time';
import type { DiffChangedNode, RunDiff } from '../../core/types';
import type { CategoryCount, ErrorSummary, FailureDelta, InputChange, RunCard, TopCategories } from './schemas';

const isDesign = (c: string | null | undefined): c is DesignCategory => (DESIGN_CATEGORIES as readonly string[]).includes(c ?? '');
const isDetail = (c: string | null | undefined): c is ErrorCategory => (ERROR_CATEGORIES as readonly string[]).includes(c ?? '');

/**
 * The design's category of a failure: the one stored by the ETL (fact_run_diagnostic,
 * fact_cloudwatch_log) when there is one, else ours mapped by designCategory (the text tells an
 * infrastructure failure's kind). null: not a failure.
 */
export function designOf(stored: string | null | undefined, detail: string | null | undefined, text: string | null | undefined): DesignCategory | null {
  if (isDesign(stored)) return stored;
  return isDetail(detail) ? designCategory(detail, text ?? null) : null;
}

/** A row of rca_run_cards.sql. */
export interface RunCardRow {
  run_id: string;
  scenario_id: string;
  scenario_name: string | null;
  run_status: string;
  run_at: string;
  run_complete_at: string | null;
  duration_seconds: number | null;
  run_by: string | null;
  request_id: string | null;
  fail_reason: string | null;
  error_category: string | null;
  error_category_detail: string | null;
  total_nodes: number;
  failed_nodes: number;
  stack_trace: string | null;
  previous_success_run_id: string | null;
}

export function runCard(r: RunCardRow): RunCard {
  const failed = isFailedRun(r.run_status);
  return {
    run_id: r.run_id,
    scenario_id: r.scenario_id,
    scenario_name: r.scenario_name,
    run_status: r.run_status,
    run_at: r.run_at,
    run_complete_at: r.run_complete_at,
    duration_seconds: r.duration_seconds,
    run_by: r.run_by,
    request_id: r.request_id,
    fail_reason: r.fail_reason,
    error_category: failed ? designOf(r.error_category, r.error_category_detail, r.fail_reason) : null,
    error_category_detail: failed && isDetail(r.error_category_detail) ? r.error_category_detail : null,
    total_nodes: r.total_nodes,
    failed_nodes: r.failed_nodes,
  };
}

/**
 * The input changes between the runs of a diff, one per changed, added or removed input:
 * when the later run failed, in the culprit ranking's order with their `rank` (1 = most
 * likely cause, as `explain` lists them); otherwise changed, added, removed, rank null.
 */
export function inputChangesOf(diff: RunDiff): InputChange[] {
  const byKey = new Map<string, InputChange>();
  const key = (change: string, id: string): string => `${change}:${id}`;
  for (const c of diff.changed) byKey.set(key('changed', c.node_id), changedEntry(c));
  for (const n of diff.added) {
    byKey.set(key('added', n.node_id), { node_id: n.node_id, node_name: n.node_name, change: 'added', before_hash: null, after_hash: n.input_hash, before_value: null, after_value: n.input_data ?? null, changed_at: null, changed_by: null, rank: null });
  }
  for (const n of diff.removed) {
    byKey.set(key('removed', n.node_id), { node_id: n.node_id, node_name: n.node_name, change: 'removed', before_hash: n.input_hash, after_hash: null, before_value: n.input_data ?? null, after_value: null, changed_at: null, changed_by: null, rank: null });
  }
  if (!isFailedRun(diff.run_b.run_status)) return [...byKey.values()];
  return candidatesOfDiff(diff).map((c, i) => ({ ...byKey.get(key(c.change, c.node_id))!, rank: i + 1 }));
}

function changedEntry(c: DiffChangedNode): InputChange {
  return {
    node_id: c.node_id,
    node_name: c.node_name,
    change: 'changed',
    before_hash: c.before.input_hash,
    after_hash: c.after.input_hash,
    before_value: c.before.input_data ?? null,
    after_value: c.after.input_data ?? null,
    changed_at: c.after.saved_at,
    changed_by: c.after.saved_by,
    rank: null,
  };
}

/** What changed in the outcome from one run to the other: statuses, failed nodes, reasons, duration. */
export function failureDeltaOf(diff: RunDiff, from: RunCard, to: RunCard): FailureDelta {
  const node = (c: { node_id: string; node_name: string }) => ({ node_id: c.node_id, node_name: c.node_name });
  return {
    status_before: from.run_status,
    status_after: to.run_status,
    failed_nodes_before: from.failed_nodes,
    failed_nodes_after: to.failed_nodes,
    newly_failed_nodes: diff.calc.filter((c) => c.status_b === 'failed' && c.status_a !== 'failed').map(node),
    recovered_nodes: diff.calc.filter((c) => c.status_a === 'failed' && c.status_b !== 'failed').map(node),
    fail_reason_before: from.fail_reason,
    fail_reason_after: to.fail_reason,
    duration_delta_seconds: from.duration_seconds === null || to.duration_seconds === null ? null : round3(to.duration_seconds - from.duration_seconds),
  };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Seconds from one ISO time to another (rounded to the millisecond). */
export function secondsBetween(from: string, to: string): number {
  return round3((Date.parse(to) - Date.parse(from)) / 1000);
}

/** A row of rca_top_categories.sql: failed runs of one stored design category, our category and signature. */
export interface CategoryGroupRow {
  design_category: string | null;
  category_detail: string | null;
  signature: string | null;
  sample_reason: string | null;
  failures: number;
  scenario_ids: string[];
  last_seen: string;
}

/**
 * Failed runs per design category: all four, most failures first (then the design's order);
 * each with its share of all failures, distinct scenarios, last failure, our categories in it
 * and its `limit` most frequent signatures (then the latest first).
 */
export function topCategoriesOf(rows: readonly CategoryGroupRow[], window: { from: string | null; until: string | null }, limit: number): TopCategories {
  const acc = new Map<DesignCategory, { failures: number; scenarios: Set<string>; last: string | null; detail: Map<ErrorCategory, number>; sigs: Map<string, { sample: string; failures: number; last: string }> }>();
  for (const c of DESIGN_CATEGORIES) acc.set(c, { failures: 0, scenarios: new Set(), last: null, detail: new Map(), sigs: new Map() });
  let total = 0;
  for (const r of rows) {
    const detail: ErrorCategory = isDetail(r.category_detail) ? r.category_detail : 'other';
    const design = designOf(r.design_category, detail, r.sample_reason) ?? 'calculation';
    const a = acc.get(design)!;
    total += r.failures;
    a.failures += r.failures;
    for (const s of r.scenario_ids) a.scenarios.add(s);
    if (compareIso(r.last_seen, a.last) > 0) a.last = r.last_seen;
    a.detail.set(detail, (a.detail.get(detail) ?? 0) + r.failures);
    if (r.signature !== null) {
      const s = a.sigs.get(r.signature);
      if (!s) a.sigs.set(r.signature, { sample: r.sample_reason ?? r.signature, failures: r.failures, last: r.last_seen });
      else {
        s.failures += r.failures;
        if (compareIso(r.last_seen, s.last) > 0) {
          s.last = r.last_seen;
          s.sample = r.sample_reason ?? s.sample;
        }
      }
    }
  }
  const categories: CategoryCount[] = DESIGN_CATEGORIES.map((category) => {
    const a = acc.get(category)!;
    return {
      category,
      failures: a.failures,
      share: total === 0 ? 0 : Math.round((a.failures / total) * 10_000) / 10_000,
      scenarios: a.scenarios.size,
      last_seen: a.last,
      detail: [...a.detail].map(([category_detail, failures]) => ({ category_detail, failures })).sort((x, y) => y.failures - x.failures || ERROR_CATEGORIES.indexOf(x.category_detail) - ERROR_CATEGORIES.indexOf(y.category_detail)),
      top_signatures: [...a.sigs]
        .map(([signature, s]) => ({ signature, sample_reason: s.sample, failures: s.failures, last_seen: s.last }))
        .sort((x, y) => y.failures - x.failures || compareIso(y.last_seen, x.last_seen) || (x.signature < y.signature ? -1 : 1))
        .slice(0, limit),
    };
  });
  categories.sort((x, y) => y.failures - x.failures || DESIGN_CATEGORIES.indexOf(x.category) - DESIGN_CATEGORIES.indexOf(y.category));
  return { ...window, total_failures: total, categories };
}

/** A row of rca_error_summary.sql (newest first). */
export interface SummaryRunRow {
  run_id: string;
  run_status: string;
  run_at: string;
  at: string;
  fail_reason: string | null;
  fail_signature: string | null;
  design_category: string | null;
  category_detail: string | null;
}

/**
 * A scenario's failures in a window: runs (newest first in `runs`), failed runs, first and
 * last failure, failures per design category (most first), signatures (most first, then the
 * latest; up to 10 run ids each, newest first), failing nodes and error log records.
 */
export function errorSummaryOf(
  scenario: { scenario_id: string; scenario_name: string },
  window: { from: string | null; until: string | null },
  runs: readonly SummaryRunRow[],
  failingNodes: ErrorSummary['failing_nodes'],
  logErrors: number,
): ErrorSummary {
  const failed = runs.filter((r) => isFailedRun(r.run_status));
  const cats = new Map<DesignCategory, number>();
  const sigs = new Map<string, { sample_reason: string; failures: number; first_seen: string; last_seen: string; run_ids: string[] }>();
  for (const r of failed) {
    const detail = isDetail(r.category_detail) ? r.category_detail : r.run_status === 'timeout' ? 'timeout' : 'other';
    const design = designOf(r.design_category, detail, r.fail_reason) ?? 'calculation';
    cats.set(design, (cats.get(design) ?? 0) + 1);
    if (!r.fail_signature) continue;
    const s = sigs.get(r.fail_signature);
    // Newest first: the first row of a signature is its latest failure.
    if (!s) sigs.set(r.fail_signature, { sample_reason: r.fail_reason ?? r.fail_signature, failures: 1, first_seen: r.at, last_seen: r.at, run_ids: [r.run_id] });
    else {
      s.failures++;
      if (compareIso(r.at, s.first_seen) < 0) s.first_seen = r.at;
      if (compareIso(r.at, s.last_seen) > 0) s.last_seen = r.at;
      if (s.run_ids.length < 10) s.run_ids.push(r.run_id);
    }
  }
  const ats = failed.map((r) => r.at).sort(compareIso);
  return {
    scenario_id: scenario.scenario_id,
    scenario_name: scenario.scenario_name,
    ...window,
    runs: runs.length,
    failed_runs: failed.length,
    first_failure_at: ats[0] ?? null,
    last_failure_at: ats[ats.length - 1] ?? null,
    categories: [...cats].map(([category, failures]) => ({ category, failures })).sort((x, y) => y.failures - x.failures || DESIGN_CATEGORIES.indexOf(x.category) - DESIGN_CATEGORIES.indexOf(y.category)),
    signatures: [...sigs]
      .map(([signature, s]) => ({ signature, ...s }))
      .sort((x, y) => y.failures - x.failures || compareIso(y.last_seen, x.last_seen) || (x.signature < y.signature ? -1 : 1)),
    failing_nodes: failingNodes,
    log_errors: logErrors,
  };
}

/** `level` of the diagnostics' logs (the least severe level listed) → its rank in rca_run_logs.sql. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevelFilter = (typeof LOG_LEVELS)[number];
export function levelRank(level: LogLevelFilter | undefined): number {
  return level === undefined ? 0 : LOG_LEVELS.indexOf(level) + 1;
}

/** The verdict on a run that did not fail (as src/engine/diagnostics.ts runVerdict says it). */
export function noFailureVerdict(status: string): { confidence: 'none'; verdict: { kind: 'unknown'; node_id: null; summary: string } } {
  return { confidence: 'none', verdict: { kind: 'unknown', node_id: null, summary: `The run ${status === 'success' ? 'succeeded' : `is ${status}`}: there is no failure to explain.` } };
}
