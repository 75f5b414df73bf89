import type { Confidence, Verdict } from './culprit/verdict';
/**
 * Domain types shared by the engine, the CLI and the extension.
 *
 * Every timestamp is an ISO 8601 UTC string ending in `Z` with at least millisecond
 * precision (`2026-03-01T10:00:00.123Z`, or six fraction digits when the source has
 * microseconds). Use `compareIso` from `./time` to order them, never `<` on mixed
 * precision strings.
 */

import type { ErrorCategory } from './errorCategory';

export type Iso = string;
export type Uuid = string;

/** Source statuses (fc_scenario_run.run_status). */
export type RunStatus = 'queued' | 'running' | 'success' | 'failed' | 'timeout';
export type CalcStatus = 'success' | 'failed' | 'skipped';
export type ScenarioStatus = 'draft' | 'submitted' | 'locked' | 'archived' | string;

export const EVENT_TYPES = [
  'SCENARIO_CREATED',
  'SCENARIO_UPDATED',
  'SCENARIO_SUBMITTED',
  'SCENARIO_LOCKED',
  'INPUT_CHANGED',
  'RUN_STARTED',
  'RUN_COMPLETED',
  'RUN_FAILED',
  'RUN_TIMEOUT',
  'NODE_CALC_FAILED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One row of `clearsight-rca timeline` and of reporting.fact_scenario_events. */
export interface TimelineEvent {
  event_type: EventType;
  event_timestamp: Iso;
  event_user: string | null;
  node_id: Uuid | null;
  node_name: string | null;
  run_id: Uuid | null;
  request_id: Uuid | null;
  description: string;
  details: Record<string, unknown>;
  /** Stable identity of the event (e.g. `RUN_STARTED:<run id>`); used as tiebreak and key. */
  event_key: string;
  scenario_id: Uuid;
}

/** One row of `clearsight-rca changes`. */
export interface InputChange {
  node_id: Uuid;
  node_name: string;
  changed_at: Iso;
  changed_by: string | null;
  previous_hash: string | null;
  current_hash: string | null;
  change_type: 'INITIAL_VALUE' | 'VALUE_CHANGED';
  /** fc_scenario_node_data.id of the save. */
  node_data_id: Uuid;
  request_id: Uuid | null;
}

export interface SnapshotNode {
  node_id: Uuid;
  node_name: string;
  node_type: string;
  node_group: string | null;
  node_seq: number | null;
  input_hash: string | null;
  input_data: unknown;
  /** When the version in force was saved, and by whom (null when none in force). */
  saved_at: Iso | null;
  saved_by: string | null;
  /**
   * Only on a reporting copy without input values (etl --no-input-values): true where a value
   * was in force but is withheld (input_data null), with the paths its save changed.
   */
  input_withheld?: true;
  changed_paths?: string[];
}

/** `clearsight-rca snapshot RUN_ID`. */
export interface Snapshot {
  run_id: Uuid;
  scenario_id: Uuid;
  run_at: Iso;
  nodes: SnapshotNode[];
  /** Only when some node's value is withheld (a reporting copy without input values). */
  values_withheld?: true;
}

export interface RunSummary {
  run_id: Uuid;
  scenario_id: Uuid;
  scenario_name: string;
  model_id: Uuid;
  model_name: string;
  run_status: RunStatus;
  run_at: Iso;
  run_complete_at: Iso | null;
  duration_ms: number | null;
  run_by: string | null;
  run_req_id: Uuid | null;
  fail_reason: string | null;
}

export interface NodeCalc {
  calc_id: Uuid;
  run_id: Uuid;
  node_id: Uuid;
  node_name: string;
  node_type: string;
  status: CalcStatus;
  fail_reason: string | null;
  processing_start_at: Iso | null;
  processing_end_at: Iso | null;
  /** seconds */
  processing_duration: number | null;
}

/** What a run diff reads of a calc (the engine reads only these columns for a diff). */
export type DiffCalc = Pick<NodeCalc, 'calc_id' | 'node_id' | 'node_name' | 'status' | 'fail_reason' | 'processing_start_at' | 'processing_duration'>;

/** A JSON path inside input_data, e.g. `$.growth.rates[3]`, with the values on both sides. */
export interface PathChange {
  path: string;
  kind: 'added' | 'removed' | 'changed' | 'type';
  before: unknown;
  after: unknown;
}

export interface DiffChangedNode {
  node_id: Uuid;
  node_name: string;
  node_type: string;
  before: { input_hash: string | null; input_data: unknown; saved_at: Iso | null; saved_by: string | null };
  after: { input_hash: string | null; input_data: unknown; saved_at: Iso | null; saved_by: string | null };
  /** JSON path strings that changed (same order as path_changes). */
  paths: string[];
  path_changes: PathChange[];
  /** true when this node's calc failed in run B. */
  failed_in_b: boolean;
  /**
   * Only when the values are withheld (a reporting copy without input values): `paths` are
   * those the save in force at B changed, their before / after `(withheld)`.
   */
  values_withheld?: true;
  /** The culprit ranking (src/core/culprit): points of the evidence below; higher = more likely the cause. */
  score: number;
  evidence: CulpritEvidence[];
}

/** One reason for a candidate's place in the culprit ranking. */
export interface CulpritEvidence {
  /** calc_failed, named_in_reason, key_in_reason, value_in_reason, outside_history, growth, same_failure_elsewhere, locality, recency */
  signal: string;
  /** Plain words; names, keys, paths and values inside are Markdown code spans. */
  detail: string;
}

/** `clearsight-rca explain RUN_ID`: a failed run's likely causes, most likely first. */
export interface Explanation {
  run_id: Uuid;
  baseline_run_id: Uuid | null;
  /** How far the ranking can be trusted (src/core/culprit/verdict.ts). */
  confidence: Confidence;
  verdict: Verdict;
  candidates: Array<{ node_id: Uuid; node_name: string; change: 'changed' | 'added' | 'removed'; score: number; evidence: CulpritEvidence[] }>;
}

export interface DiffNodeRef {
  node_id: Uuid;
  node_name: string;
  node_type: string;
  input_hash: string | null;
  input_data: unknown;
  /** The culprit ranking of an added or removed input (as on `changed` entries). */
  score: number;
  evidence: CulpritEvidence[];
}

export interface CalcComparison {
  node_id: Uuid;
  node_name: string;
  status_a: CalcStatus | null;
  status_b: CalcStatus | null;
  fail_reason_b: string | null;
  duration_a: number | null;
  duration_b: number | null;
}

/** `clearsight-rca diff`. */
export interface RunDiff {
  run_a: RunSummary;
  run_b: RunSummary;
  /** Changed nodes, most likely cause of run B's failure first (the culprit ranking). */
  changed: DiffChangedNode[];
  /** Nodes with a value in B but none in A. */
  added: DiffNodeRef[];
  /** Nodes with a value in A but none in B. */
  removed: DiffNodeRef[];
  unchanged_count: number;
  /** Node calcs whose status differs between A and B (status changes first). */
  calc: CalcComparison[];
  /** Only when input values are withheld (a reporting copy without input values). */
  values_withheld?: true;
  /** How far the ranking can be trusted, and what it says (src/core/culprit/verdict.ts). */
  confidence: Confidence;
  verdict: Verdict;
}

export interface ScenarioListItem {
  scenario_id: Uuid;
  scenario_name: string;
  status: ScenarioStatus;
  model_id: Uuid;
  model_name: string;
  last_run_id: Uuid | null;
  last_run_at: Iso | null;
  last_run_status: RunStatus | null;
  last_fail_reason: string | null;
  runs: number;
  failed_runs: number;
}

/** Grouped fail_reason texts. */
export interface ErrorSignature {
  signature: string;
  /** A representative original text (the most recent). */
  example: string;
  count: number;
  scenario_ids: Uuid[];
  run_ids: Uuid[];
  model_names: string[];
  first_seen: Iso;
  last_seen: Iso;
  /** The error category of the latest run's failure (src/core/errorCategory.ts). */
  category: ErrorCategory;
}

export type RunInfo =
  | {
      kind: 'run';
      id: Uuid;
      run: RunSummary;
      failed_nodes: NodeCalc[];
      /** A failed or timed-out run: the verdict on it and its top candidate (as `explain`). */
      verdict?: { confidence: Confidence; verdict: Verdict; top: { node_id: Uuid; node_name: string; change: 'changed' | 'added' | 'removed'; score: number } | null };
    }
  | {
      kind: 'scenario';
      id: Uuid;
      scenario: ScenarioListItem;
    }
  | {
      kind: 'request';
      id: Uuid;
      /** What the request id belongs to: a save, a run, or a scenario lifecycle step. */
      matches: Array<{
        what: 'run' | 'input_save' | 'scenario_created' | 'scenario_updated' | 'scenario_submitted' | 'scenario_locked';
        scenario_id: Uuid;
        scenario_name: string;
        run_id: Uuid | null;
        node_name: string | null;
        at: Iso;
        user: string | null;
      }>;
    }
  | { kind: 'unknown'; id: Uuid };
