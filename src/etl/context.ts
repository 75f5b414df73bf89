/**
 * What one ETL run's steps share (extract.ts, load.ts): the two transactions, where it
 * reads from, how it loads, and what it has counted so far.
 */
import type { PrivacyMode } from '../core/privacy';
import type { Iso } from '../core/types';
import { UserError } from '../core/errors';
import type { Tx } from '../db/db';
import type { Reload } from './reload';
import type { RowPrivacy } from './rows';
import type { HighWater } from './transform';

export interface EtlProgress {
  /** after-commit: a step after the run committed (etl.ts AFTER_COMMIT; outside the ETL lock). */
  phase: 'lock' | 'extract' | 'load' | 'finish' | 'after-commit';
  table?: string;
  rows?: number;
  batch?: number;
  message?: string;
}

export class EtlCancelled extends UserError {
  constructor() {
    super('ETL cancelled: nothing was changed', 'user');
  }
}

export interface Ctx {
  /** The read-only REPEATABLE READ transaction on production (the target's own when they are one database). */
  src: Tx;
  /** The reporting database's transaction. */
  tx: Tx;
  /** Where this run reads from (null = everything). */
  from: Iso | null;
  /** Everything is read and the reporting tables are rebuilt (or were empty). */
  cleanSlate: boolean;
  /** `etl --scenario-id`: only this scenario's history (its runs, calcs, saves, scenario row). */
  scenario: string | null;
  /** First load into empty tables without indexes (or a reload's new tables): COPY instead of upserts. */
  bulk: boolean;
  /** A full reload over a loaded schema: the new tables it loads, swapped in at the end (reload.ts). */
  reload: Reload | null;
  /** Source and target are separate connections: loads overlap extraction (see load.send). */
  pipelined: boolean;
  /** Bulk path: node calcs come as COPY rows and go out as COPY rows (transform.calcsFromCopy). */
  copyStream: boolean;
  inFlight: Promise<unknown>;
  /** Upserts: the scenarios whose rows they wrote (new or changed; a row read again unchanged is not written). */
  written: Set<string>;
  /** Partitioned layout: the monthly partitions known to exist (`table:YYYY-MM`); null = plain tables. */
  partitions: Set<string> | null;
  privacy: RowPrivacy;
  privacyMode: PrivacyMode;
  batch: number;
  high: HighWater;
  extracted: Record<string, number>;
  loaded: Record<string, number>;
  progress: (p: EtlProgress) => void;
  checkCancel: () => void;
}
