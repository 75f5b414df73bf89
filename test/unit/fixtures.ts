/**
 * Hand-built domain rows for unit tests. Each test states the fields its assertions read;
 * the rest are neutral (ids 's'/'m', names 'S'/'M', nulls).
 */
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
