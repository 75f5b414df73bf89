import type { PGlite, Transaction } from '@electric-sql/pglite';
import { pgTimestampToIso, pgTimestamptzToIso } from '../core/time';
import { splitRows } from './copyFormat';
import { DbError } from '../core/errors';
import type { Db, Row, Session, TransactionOptions, Tx } from './db';

export interface PgliteDbOptions {
  /** Folder holding the database files; omitted = in memory. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from (fast: no initdb, no seeding). */
  loadDataDir?: Blob;
  label?: string;
  onQuery?: (name: string, ms: number, rows: number) => void;
}

/** One async mutex: PGlite is a single connection, so sessions and transactions take turns. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const OID = { INT8: 20, NUMERIC: 1700, TIMESTAMP: 1114, TIMESTAMPTZ: 1184, DATE: 1082 };

function wrapError(err: unknown, label: string): DbError {
  const e = err as { message?: string; code?: string };
  const code = e?.code ? ` [${e.code}]` : '';
  return new DbError(`database error on ${label}: ${e?.message ?? String(err)}${code}`, e?.code);
}

/** The embedded PostgreSQL (WASM, in-process): the demo database and the default test database. */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  readonly readOnly = false;
  readonly label: string;
  private readonly mutex = new Mutex();

  private constructor(
    private readonly pg: PGlite,
    label: string,
    private readonly onQuery?: PgliteDbOptions['onQuery'],
  ) {
    this.label = label;
  }

  static async open(options: PgliteDbOptions = {}): Promise<PgliteDb> {
    // Loaded on first use: the WASM PostgreSQL is most of the bundle's weight, and only the
    // demo and the tests need it (esbuild.mjs builds it as its own file, dist/pglite.js).
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      relaxedDurability: false,
      parsers: {
        [OID.TIMESTAMP]: (v: string) => pgTimestampToIso(v),
        [OID.TIMESTAMPTZ]: pgTimestamptzToIso,
        [OID.DATE]: (v: string) => v,
        [OID.INT8]: (v: string) => Number(v),
        [OID.NUMERIC]: (v: string) => Number(v),
      },
    });
    return new PgliteDb(pg, options.label ?? 'demo', options.onQuery);
  }

  private async run<R>(q: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<R[]> {
    const started = performance.now();
    try {
      const r = await q.query<R>(sql, params as unknown[] | undefined);
      this.onQuery?.(sql.match(/--\s*name:\s*([\w.-]+)/)?.[1] ?? sql.trim().slice(0, 40), performance.now() - started, r.rows.length);
      return r.rows;
    } catch (err) {
      throw wrapError(err, this.label);
    }
  }

  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.mutex.run(() => this.run<R>(this.pg, sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.mutex.run(async () => {
      try {
        await this.pg.exec(sql);
      } catch (err) {
        throw wrapError(err, this.label);
      }
    });
  }

  private tx<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.pg.transaction(async (t) => {
      const mode = [options?.isolation ? `ISOLATION LEVEL ${options.isolation.toUpperCase()}` : '', options?.readOnly ? 'READ ONLY' : '']
        .filter(Boolean)
        .join(', ');
      if (mode) await this.run(t, `SET TRANSACTION ${mode}`);
      return fn({
        query: <R = Row>(sql: string, params?: readonly unknown[]) => this.run<R>(t, sql, params),
        exec: async (sql: string) => {
          try {
            await t.exec(sql);
          } catch (err) {
            throw wrapError(err, this.label);
          }
        },
        // PGlite has no STDOUT: COPY writes a blob, read whole (the demo is small), then split.
        copyOut: (sql: string, maxRows: number) => this.copyOut(t, sql, maxRows),
        // PGlite has no STDIN: COPY reads the rows from a blob instead.
        copyFrom: async (sql: string, data: string | Buffer) => {
          const started = performance.now();
          try {
            const r = await t.query(sql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'"), [], { blob: new Blob([data] as ConstructorParameters<typeof Blob>[0]) });
            const rows = r.affectedRows ?? 0;
            this.onQuery?.(sql.match(/--\s*name:\s*([\w.-]+)/)?.[1] ?? sql.trim().slice(0, 40), performance.now() - started, rows);
            return rows;
          } catch (err) {
            throw wrapError(err, this.label);
          }
        },
      });
    });
  }

  private async *copyOut(t: Transaction, sql: string, maxRows: number): AsyncGenerator<Buffer> {
    let data: Buffer;
    const started = performance.now();
    try {
      const r = await t.query(sql.replace(/\bTO\s+STDOUT\b/i, "TO '/dev/blob'"));
      data = r.blob ? Buffer.from(await r.blob.arrayBuffer()) : Buffer.alloc(0);
      this.onQuery?.(sql.match(/--\s*name:\s*([\w.-]+)/)?.[1] ?? sql.trim().slice(0, 40), performance.now() - started, r.affectedRows ?? 0);
    } catch (err) {
      throw wrapError(err, this.label);
    }
    yield* splitRows(data, Math.max(1, maxRows));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.mutex.run(() => this.tx(fn, options));
  }

  session<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    return this.mutex.run(() =>
      fn({
        query: <R = Row>(sql: string, params?: readonly unknown[]) => this.run<R>(this.pg, sql, params),
        transaction: (inner, options) => this.tx(inner, options),
      }),
    );
  }

  async cancelRunning(): Promise<number> {
    // In-process: nothing runs on a server; a cancelled caller stops at its next batch.
    return 0;
  }

  /** A tarball of the whole database, to be loaded again with `loadDataDir`. */
  dump(): Promise<Blob> {
    return this.mutex.run(() => this.pg.dumpDataDir('gzip'));
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
