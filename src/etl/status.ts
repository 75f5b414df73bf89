/**
 * What the reporting schema says about its loads: the last success and watermark, and the
 * recent runs from the ETL log (sql/etl/state_read.sql, log_recent.sql). Both answer
 * "nothing yet" on a database without the reporting schema.
 */
import type { Db } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { reportingVersion } from './migrate';

export interface LoadState {
  lastSuccessAt: string | null;
  watermark: string | null;
}

export interface EtlLogRow {
  mode: string;
  started_at: string;
  status: string;
  duration_ms: number | null;
  loaded: Record<string, number> | null;
  error: string | null;
}

export async function loadState(reporting: Db | null): Promise<LoadState> {
  if (!reporting || (await reportingVersion(reporting)).current === 0) return { lastSuccessAt: null, watermark: null };
  const [row] = await reporting.query<{ watermark: string | null; last_success_at: string | null }>(sqlText('etl/state_read'));
  return { lastSuccessAt: row?.last_success_at ?? null, watermark: row?.watermark ?? null };
}

/** The latest `limit` ETL runs, newest first. */
export async function etlHistory(reporting: Db | null, limit = 10): Promise<EtlLogRow[]> {
  if (!reporting || (await reportingVersion(reporting)).current === 0) return [];
  return reporting.query<EtlLogRow>(sqlText('etl/log_recent'), [limit]);
}
