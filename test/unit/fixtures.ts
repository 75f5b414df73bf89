/**
 * Hand-built domain rows for unit tests. Each test states the fields its assertions read;
 * the rest are neutral (ids 's'/'m', names 'S'/'M', nulls).
 */
import type { Candidate } from '../../src/core/culprit/signals';
import { jsonDiff } from '../../src/core/jsonDiff';
import type { RunSummary } from '../../src/core/types';

export function runSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    run_id: 'r',
    scenario_id: 's',
    scenario_name: 'S',
    model_id: 'm',
    model_name: 'M',
    run_status: 'success',
    run_at: '2026-03-01T10:00:00.000Z',
    run_complete_at: null,
    duration_ms: null,
    run_by: null,
    run_req_id: null,
    fail_reason: null,
    ...over,
  };
}

let candidateSeq = 0;
/** A changed input as the culprit ranking sees it (its own id unless `extra` gives one). */
export function candidate(name: string, before: unknown, after: unknown, extra: Partial<Candidate> = {}): Candidate {
  candidateSeq++;
  return {
    node_id: `00000000-0000-4000-8000-${String(candidateSeq).padStart(12, '0')}`,
    node_name: name,
    node_type: 'input',
    node_group: null,
    change: 'changed',
    before,
    after,
    path_changes: jsonDiff(before, after),
    saved_at: '2026-05-01T10:00:00.000Z',
    failed_in_b: false,
    ...extra,
  };
}
