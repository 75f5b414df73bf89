/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of every statement of one ETL run, on both sides: the run is
 * our ETL as the CLI runs it, through Db wrappers that, before each statement, explain it
 * inside a savepoint rolled back (so the plan is the statement's, with its parameters, and
 * its effects are undone), then run it. A cursor's query is explained as the query it reads.
 * The whole run is rolled back at the end: the reporting schema and the watermark are as
 * before, and the timed run that follows reads the same window.
 *
 * What it proves does not depend on the machine's load: the rows each statement reads and
 * the buffers it touches (shared hit + read), per statement, at each scale.
 */
import type { Db, Row, Session, TransactionOptions, Tx } from '../../src/db/db';
import type { PgDb } from '../../src/db/pgDb';
import { runEtl, type EtlResult } from '../../src/etl/etl';

export interface StatementPlan {
  side: 'source' | 'target';
  name: string;
  calls: number;
  /** Sum of the execution times EXPLAIN reports (planning excluded), ms. */
  ms: number;
  /** Rows the statement's top node returned or wrote, summed over its calls. */
  rows: number;
  /** Rows read by its scans (every scan node's actual rows × loops), summed over its calls. */
  scanned: number;
  /** Shared buffers hit + read, summed over its calls (8 kB pages: the work, whatever the load). */
  buffers: number;
  /**
   * Of those, the pages PostgreSQL had to read in (not in shared_buffers: from the OS's cache or
   * the disk), in the statement's first execution: what makes the same work cost more over a
   * larger history. Optional: results of earlier versions do not have it.
   */
  read?: number;
  /**
   * Pages the statement's backend wrote out itself to make room (dirty buffers evicted: the
   * background writer had not cleaned them), first execution. Optional, as `read`.
   */
  written?: number;
  /** Sequential scans in its plan (relation names). */
  seqScans: string[];
  /** The text plan of its largest call (by buffers). */
  plan: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Shared Written Blocks'?: number;
  Plans?: PlanNode[];
}

const SCAN = /Scan$/;

function walk(n: PlanNode, f: (n: PlanNode) => void): void {
  f(n);
  for (const c of n.Plans ?? []) walk(c, f);
}

/** A statement's name: its `-- name:` line, or what a generated statement does to which table. */
export function statementName(sql: string): string {
  const named = /^\s*--\s*name:\s*(\S+)/.exec(sql);
  if (named) return named[1];
  const s = sql.replace(/^\s*(--[^\n]*\n\s*)*/, '');
  let m = /^INSERT INTO reporting\.(\w+)/i.exec(s);
  if (m) return `upsert ${m[1]}`;
  m = /^UPDATE reporting\.etl_run_log\s+SET row_counts/i.exec(s);
  if (m) return 'etl.log_counts';
  if (/^SELECT NOT EXISTS \(SELECT 1 FROM reporting\./i.test(s)) return 'etl.tables_empty';
  m = /^(\w+)(?:\s+(?:INTO|FROM)?\s*(?:reporting\.)?(\w+))?/i.exec(s);
  return m ? `${m[1].toLowerCase()}${m[2] ? ` ${m[2]}` : ''}` : s.slice(0, 40);
}

/** Statements explained: reads and writes with a plan (not cursor moves, locks, settings or DDL). */
function explainable(sql: string): string | null {
  const s = sql.replace(/^\s*(--[^\n]*\n\s*)*/, '');
  const cursor = /^DECLARE\s+\w+\s+NO SCROLL CURSOR FOR\s+([\s\S]*)$/i.exec(s);
  if (cursor) return cursor[1];
  if (/^(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(s) && !/pg_advisory_xact_lock/.test(s)) return sql;
  return null;
}

type Acc = StatementPlan & { maxBuffers: number };

export class EtlExplainer {
  readonly plans = new Map<string, Acc>();
  private seq = 0;

  private async explain(tx: Tx, side: 'source' | 'target', sql: string, inner: string, params?: readonly unknown[]): Promise<void> {
    const sp = `bench_explain_${++this.seq}`;
    await tx.query(`SAVEPOINT ${sp}`);
    let json: Array<{ Plan: PlanNode; 'Execution Time': number }>;
    let text: string;
    try {
      const [r] = await tx.query<{ 'QUERY PLAN': typeof json }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${inner}`, params);
      json = r['QUERY PLAN'];
    } finally {
      await tx.query(`ROLLBACK TO SAVEPOINT ${sp}`);
    }
    await tx.query(`SAVEPOINT ${sp}`);
    try {
      text = (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${inner}`, params)).map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await tx.query(`ROLLBACK TO SAVEPOINT ${sp}`);
      await tx.query(`RELEASE SAVEPOINT ${sp}`);
    }
    const top = json[0].Plan;
    let scanned = 0;
    const seqScans: string[] = [];
    walk(top, (n) => {
      // Branches never executed (a COALESCE's fallback, an InitPlan not needed) read nothing.
      if ((n['Actual Loops'] ?? 1) === 0) return;
      if (SCAN.test(n['Node Type']) && n['Relation Name']) scanned += (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
      if (n['Node Type'] === 'Seq Scan' && n['Relation Name']) seqScans.push(n['Relation Name']);
    });
    const buffers = (top['Shared Hit Blocks'] ?? 0) + (top['Shared Read Blocks'] ?? 0);
    const read = top['Shared Read Blocks'] ?? 0;
    const written = top['Shared Written Blocks'] ?? 0;
    const label = statementName(inner === sql ? sql : inner);
    const name = `${side} ${label}`;
    const p: Acc = this.plans.get(name) ?? { side, name: label, calls: 0, ms: 0, rows: 0, scanned: 0, buffers: 0, read: 0, written: 0, seqScans: [], plan: '', maxBuffers: -1 };
    const big = p;
    p.calls++;
    p.ms += json[0]['Execution Time'];
    p.rows += top['Actual Rows'] ?? 0;
    p.scanned += scanned;
    p.buffers += buffers;
    p.read = (p.read ?? 0) + read;
    p.written = (p.written ?? 0) + written;
    for (const s of seqScans) if (!p.seqScans.includes(s)) p.seqScans.push(s);
    if (buffers > big.maxBuffers) {
      big.maxBuffers = buffers;
      p.plan = text;
    }
    this.plans.set(name, p);
  }

  private wrapTx(tx: Tx, side: 'source' | 'target'): Tx {
    // The ETL sends a load while it transforms the next batch: one statement (with its
    // savepoints) at a time on the connection, in the order sent.
    let chain: Promise<unknown> = Promise.resolve();
    const serial = <T>(f: () => Promise<T>): Promise<T> => {
      const next = chain.then(f, f);
      chain = next.catch(() => undefined);
      return next;
    };
    return {
      exec: (sql) => tx.exec(sql),
      copyFrom: (sql, data) => tx.copyFrom(sql, data),
      copyOut: (sql, maxRows) => tx.copyOut(sql, maxRows),
      query: <R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> =>
        serial(async () => {
          const inner = explainable(sql);
          if (inner) await this.explain(tx, side, sql, inner, params);
          return tx.query<R>(sql, params);
        }),
    };
  }

  /** A Db whose transactions explain every statement; `rollback`: and end rolled back. */
  wrap(inner: PgDb, side: 'source' | 'target', rollback: boolean): Db {
    const ROLLBACK = Symbol('rollback');
    return {
      kind: 'pg',
      label: inner.label,
      readOnly: inner.readOnly,
      query: (sql, params) => inner.query(sql, params),
      exec: (sql) => inner.exec(sql),
      session: <T>(fn: (s: Session) => Promise<T>) => inner.session(fn),
      cancelRunning: () => inner.cancelRunning(),
      close: () => inner.close(),
      transaction: async <T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> => {
        if (!rollback) return inner.transaction((tx) => fn(this.wrapTx(tx, side)), options);
        let result!: T;
        try {
          await inner.transaction(async (tx) => {
            result = await fn(this.wrapTx(tx, side));
            throw ROLLBACK;
          }, options);
        } catch (err) {
          if (err !== ROLLBACK) throw err;
        }
        return result;
      },
    } as Db;
  }

  list(): StatementPlan[] {
    return [...this.plans.values()].map(({ maxBuffers: _, ...rest }) => rest);
  }
}

/** One incremental run with every statement explained, rolled back (nothing changes); `rows`: the rows it loaded. */
export async function explainIncremental(dbs: { source: PgDb; target: PgDb }): Promise<{ plans: StatementPlan[]; rows: number; result: EtlResult }> {
  const x = new EtlExplainer();
  const result = await runEtl({ source: x.wrap(dbs.source, 'source', false), target: x.wrap(dbs.target, 'target', true), mode: 'incremental' });
  return { plans: x.list(), rows: Object.values(result.loaded).reduce((a, b) => a + b, 0), result };
}
