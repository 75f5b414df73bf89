/**
 * The JSON shapes of the command-line contract (docs/contract/cli-contract.md), built in
 * one place so that `clearsight-rca … --json` and the HTTP API answer alike.
 */
import { groupSignatures } from '../core/signatures';
import type { ErrorSignature, TimelineEvent, Uuid } from '../core/types';
import type { Analyses } from './analyses';

export interface TimelineEventJson {
  event_type: string;
  event_timestamp: string;
  event_user: string | null;
  node_id: string | null;
  node_name: string | null;
  run_id: string | null;
  request_id: string | null;
  description: string;
  details: unknown;
}

/** `timeline SCENARIO_ID --json`: the contract's fields, in its order. */
export function timelineJson(rows: readonly TimelineEvent[]): TimelineEventJson[] {
  return rows.map((e) => ({
    event_type: e.event_type,
    event_timestamp: e.event_timestamp,
    event_user: e.event_user,
    node_id: e.node_id,
    node_name: e.node_name,
    run_id: e.run_id,
    request_id: e.request_id,
    description: e.description,
    details: e.details,
  }));
}

/** The lifecycle steps of a scenario (created, updated, submitted, locked) out of its timeline. */
export const LIFECYCLE_EVENTS = ['SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED'] as const;

export function lifecycleJson(rows: readonly TimelineEvent[]): TimelineEventJson[] {
  return timelineJson(rows.filter((e) => (LIFECYCLE_EVENTS as readonly string[]).includes(e.event_type)));
}

export interface ScenarioErrors {
  scenario_id: Uuid;
  scenario_name: string;
  runs: number;
  failed_runs: number;
  last_run_status: string | null;
  signatures: ErrorSignature[];
}

/** A scenario's error summary (`GET /scenarios/{id}/errors`): its failed runs grouped by signature (each with its category). */
export async function scenarioErrors(a: Analyses, scenarioId: string): Promise<ScenarioErrors> {
  const s = await a.requireScenario(scenarioId);
  const rows = (await a.failedRuns()).filter((r) => r.scenario_id === s.scenario_id);
  return {
    scenario_id: s.scenario_id,
    scenario_name: s.scenario_name,
    runs: s.runs,
    failed_runs: s.failed_runs,
    last_run_status: s.last_run_status,
    signatures: groupSignatures(rows),
  };
}
