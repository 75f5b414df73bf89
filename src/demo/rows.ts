/**
 * Row types of the demo source tables (one per table; keys are the column names), the demo data and its options.
 */
import type { CalcStatus, Iso, RunStatus, Uuid } from '../core/types';
import type { DemoStories } from './stories';

export type NodeType = 'input' | 'calculation' | 'output';

export interface FcModelRow {
  id: Uuid;
  model_display_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
}

export interface FcModelNodeRow {
  id: Uuid;
  model_id: Uuid;
  node_display_name: string;
  node_type: NodeType;
  node_group_name: string | null;
  node_seq: number | null;
}

export interface FcScenarioRow {
  id: Uuid;
  model_id: Uuid;
  scenario_display_name: string;
  status: 'draft' | 'submitted' | 'locked' | 'archived';
  is_starter: boolean;
  scenario_start_year: number | null;
  scenario_end_year: number | null;
  forecast_init_id: Uuid | null;
  scenario_region: string | null;
  scenario_country: string | null;
  created_at: Iso;
  created_by: string | null;
  created_req_id: Uuid | null;
  updated_at: Iso | null;
  updated_by: string | null;
  updated_req_id: Uuid | null;
  submitted_at: Iso | null;
  submitted_by: string | null;
  submitted_req_id: Uuid | null;
  locked_at: Iso | null;
  locked_by: string | null;
  locked_req_id: Uuid | null;
}

export interface FcScenarioRunRow {
  id: Uuid;
  scenario_id: Uuid;
  run_status: RunStatus;
  run_at: Iso;
  run_complete_at: Iso | null;
  run_by: string | null;
  run_req_id: Uuid | null;
  fail_reason: string | null;
}

export interface FcScenarioNodeDataRow {
  id: Uuid;
  scenario_id: Uuid;
  model_node_id: Uuid;
  /** A JSON value; `null` is stored as SQL NULL. */
  input_data: unknown;
  input_hash: string | null;
  created_at: Iso;
  created_by: string | null;
  created_req_id: Uuid | null;
  end_at: Iso | null;
}

export interface FcScenarioNodeCalcRow {
  id: Uuid;
  run_id: Uuid;
  model_node_id: Uuid;
  status: CalcStatus;
  fail_reason: string | null;
  processing_start_at: Iso | null;
  processing_end_at: Iso | null;
  /** seconds */
  processing_duration: number | null;
}

export interface DemoData {
  models: FcModelRow[];
  nodes: FcModelNodeRow[];
  scenarios: FcScenarioRow[];
  runs: FcScenarioRunRow[];
  nodeData: FcScenarioNodeDataRow[];
  nodeCalcs: FcScenarioNodeCalcRow[];
  stories: DemoStories;
}

/** The node calcs of each run, by run id (in the order of `calcs`). */
export function calcsByRun(calcs: readonly FcScenarioNodeCalcRow[]): Map<Uuid, FcScenarioNodeCalcRow[]> {
  const byRun = new Map<Uuid, FcScenarioNodeCalcRow[]>();
  for (const c of calcs) {
    const list = byRun.get(c.run_id);
    if (list) list.push(c);
    else byRun.set(c.run_id, [c]);
  }
  return byRun;
}

export interface DemoOptions {
  /** Number of scenarios (default 60; at least the 12 scripted ones are always generated). */
  scenarios?: number;
  /** PRNG seed (default 20261120). */
  seed?: number;
  /** End of the window, ISO UTC (default 2026-11-20T12:00:00.000Z). */
  anchor?: string;
  /** Length of the window in days, ≥ 1 (default 30). Every timestamp is in [anchor - days, anchor]. */
  days?: number;
}

export interface DemoChunkOptions extends DemoOptions {
  /** Scenarios per chunk (default 200; the first chunk also holds models, nodes and the scripted scenarios). */
  chunkScenarios?: number;
}

export const DEMO_DEFAULTS = {
  scenarios: 60,
  seed: 20261120,
  anchor: '2026-11-20T12:00:00.000Z',
  days: 30,
} as const;
