/**
 * The JSON shapes of the command-line contract (docs/contract/cli-contract.md), built in
 * one place.
 */
import type { TimelineEvent } from '../core/types';

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
