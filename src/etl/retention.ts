/**
 * Retention (`etl --full --retain-days N`): inside the full refresh's transaction, facts older
 * than the cutoff go — whole monthly partitions dropped in the partitioned layout, batched
 * deletes otherwise (and for the boundary month) — then the runs no fact refers to any more.
 * Saves still in force at the cutoff stay (snapshots of the runs kept need them); scenarios,
 * nodes and users stay (small, and what every analysis starts from).
 */
import type { Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { isoToPgTimestamp } from '../core/time';
import type { Iso } from '../core/types';

export interface Pruned {
  fact_scenario_events: number;
  fact_input_changes: number;
  fact_node_calculations: number;
  dim_run: number;
  /** Monthly partitions dropped whole (partitioned layout). */
  partitions_dropped: string[];
}

const BATCH = 10_000;

async function batched(tx: Tx, statement: string, cutoff: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [r] = await tx.query<{ n: number }>(sqlText(`retention/${statement}`), [cutoff, BATCH]);
    total += Number(r.n);
    if (Number(r.n) < BATCH) return total;
  }
}

/** Rows in a table (only to count what a dropped partition held). */
async function countBefore(tx: Tx, table: 'fact_scenario_events' | 'fact_node_calculations', cutoff: string): Promise<number> {
  const [r] = await tx.query<{ n: number }>(sqlText(`retention/count_${table}`), [cutoff]);
  return Number(r.n);
}

export async function pruneOlderThan(tx: Tx, cutoffIso: Iso, partitioned: boolean): Promise<Pruned> {
  const cutoff = isoToPgTimestamp(cutoffIso);
  const out: Pruned = { fact_scenario_events: 0, fact_input_changes: 0, fact_node_calculations: 0, dim_run: 0, partitions_dropped: [] };
  for (const table of ['fact_scenario_events', 'fact_node_calculations'] as const) {
    if (partitioned) {
      // Counted first: whole months are dropped, then the boundary month is deleted in batches.
      out[table] = await countBefore(tx, table, cutoff);
      const [r] = await tx.query<{ dropped: string[] }>(sqlText('retention/drop_partitions'), [table, cutoff, false]);
      out.partitions_dropped.push(...(r.dropped ?? []));
      await batched(tx, table === 'fact_scenario_events' ? 'delete_events' : 'delete_calcs', cutoff);
    } else {
      out[table] = await batched(tx, table === 'fact_scenario_events' ? 'delete_events' : 'delete_calcs', cutoff);
    }
  }
  out.fact_input_changes = await batched(tx, 'delete_saves', cutoff);
  if (partitioned) {
    // Saves: only months the deletes left empty (a save still in force keeps its month).
    const [r] = await tx.query<{ dropped: string[] }>(sqlText('retention/drop_partitions'), ['fact_input_changes', cutoff, true]);
    out.partitions_dropped.push(...(r.dropped ?? []));
  }
  out.dim_run = Number((await tx.query<{ n: number }>(sqlText('retention/delete_runs'), [cutoff]))[0].n);
  return out;
}
