/** Test doubles for operating the ETL: a database whose connection can be made to fail; a load cancelled midway. */
import { DbError } from '../../src/core/errors';
import type { Db, Session } from '../../src/db/db';
import { runEtl, type EtlProgress, type EtlResult } from '../../src/etl/etl';

/**
 * `db`, except that while `failing()` says so every transaction (the ETL's reads and loads)
 * fails as a refused connection does. Statements outside transactions (the run log of a
 * failed run) still reach the database.
 */
export function flaky(db: Db, failing: () => boolean): Db {
  const refuse = (): never => {
    throw new DbError(`cannot connect to ${db.label}: connection refused`);
  };
  return {
    kind: db.kind,
    label: db.label,
    readOnly: db.readOnly,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn, options) => (failing() ? Promise.resolve().then(refuse) : db.transaction(fn, options)),
    session: <T>(fn: (s: Session) => Promise<T>) => (failing() ? Promise.resolve().then(refuse) : db.session(fn)),
    cancelRunning: () => db.cancelRunning(),
    close: () => db.close(),
  };
}

/** Source and target for runEtl: on PGlite one wrapped database serves as both. */
export function etlPair(prod: Db, reporting: Db, failing: () => boolean): { source: Db; target: Db } {
  if (prod === reporting) {
    const both = flaky(prod, failing);
    return { source: both, target: both };
  }
  return { source: flaky(prod, failing), target: reporting };
}

/**
 * A simulated clock: `sleep` waits until the test moves time on. `runUntil(end)` jumps from
 * one wake-up to the next whenever the code under test is asleep (it waits for the next
 * `sleep` call while that code works), so a day of schedules takes as long as its jobs.
 */
export class FakeClock {
  private t: number;
  private sleepers: Array<{ at: number; wake: () => void }> = [];
  private onSleep: Array<() => void> = [];

  constructor(startIso: string) {
    this.t = Date.parse(startIso);
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const s = {
        at: this.t + Math.max(0, ms),
        wake: () => {
          this.sleepers = this.sleepers.filter((x) => x !== s);
          signal?.removeEventListener('abort', s.wake);
          resolve();
        },
      };
      this.sleepers.push(s);
      signal?.addEventListener('abort', s.wake, { once: true });
      for (const f of this.onSleep.splice(0)) f();
    });
  }

  /**
   * Moves time on to `endIso`, waking sleepers in time order; returns when all sleep past
   * it, or when `ended` settles (the code under test stopped sleeping for good).
   */
  async runUntil(endIso: string, ended?: Promise<unknown>): Promise<void> {
    const end = Date.parse(endIso);
    let over = false;
    void ended?.finally(() => {
      over = true;
      for (const f of this.onSleep.splice(0)) f();
    });
    for (;;) {
      if (this.sleepers.length === 0) await new Promise<void>((r) => this.onSleep.push(r));
      if (over) return;
      const next = Math.min(...this.sleepers.map((s) => s.at));
      if (next > end) {
        this.t = end;
        return;
      }
      this.t = Math.max(this.t, next);
      for (const s of this.sleepers.filter((x) => x.at <= next)) s.wake();
    }
  }
}

/** A webhook receiver on 127.0.0.1: the JSON bodies POSTed to it, in order. */
export async function webhookServer(): Promise<{ url: string; bodies: unknown[]; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/hook/T000/B000/secret`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A full load (batches of 500) of `dbs` that cancels itself at the first progress `stopAt` picks. */
export function fullLoadCancelledAt(dbs: { prod: Db; reporting: Db }, stopAt: (p: EtlProgress) => boolean): Promise<EtlResult> {
  const controller = new AbortController();
  return runEtl({
    source: dbs.prod,
    target: dbs.reporting,
    mode: 'full',
    batchSize: 500,
    signal: controller.signal,
    onProgress: (p) => {
      if (stopAt(p)) controller.abort();
    },
  });
}
