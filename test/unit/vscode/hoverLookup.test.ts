import assert from 'node:assert/strict';
import type { RunInfo, RunStatus } from '../../../src/core/types';
import { RunInfoLookup, type LookupOptions } from '../../../src/vscode/hover/lookupService';
import { runSummary } from '../fixtures';

function id(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function runInfo(runId: string, status: RunStatus = 'failed'): RunInfo {
  return {
    kind: 'run',
    id: runId,
    run: runSummary({ run_id: runId, scenario_id: id(999), model_id: id(998), run_status: status }),
    failed_nodes: [],
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fetcher whose answers the test releases; records calls and the most lookups running at once. */
class FakeFetcher {
  calls: string[] = [];
  active = 0;
  maxActive = 0;
  pending = new Map<string, Deferred<RunInfo>>();
  private waiters: Array<{ n: number; d: Deferred<void> }> = [];

  fetch = (key: string): Promise<RunInfo> => {
    this.calls.push(key);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    const d = deferred<RunInfo>();
    this.pending.set(key, d);
    for (const w of this.waiters.filter((w) => this.calls.length >= w.n)) w.d.resolve();
    this.waiters = this.waiters.filter((w) => this.calls.length < w.n);
    return d.promise.finally(() => this.active--);
  };

  /** Resolves when `n` fetches have started. */
  started(n: number): Promise<void> {
    if (this.calls.length >= n) return Promise.resolve();
    const d = deferred<void>();
    this.waiters.push({ n, d });
    return d.promise;
  }

  answer(key: string, info: RunInfo = runInfo(key)): void {
    this.pending.get(key)?.resolve(info);
  }

  fail(key: string, err: unknown): void {
    this.pending.get(key)?.reject(err);
  }
}

/** A lookup whose fetches the test answers by hand. */
function byHand() {
  const f = new FakeFetcher();
  return { f, lookup: new RunInfoLookup({ fetch: f.fetch, batchWindowMs: 1 }) };
}

/** Immediate fetcher answering by a function. */
function make(answer: (key: string) => RunInfo | Error, options: Partial<LookupOptions> = {}) {
  const calls: string[] = [];
  const batches: string[][] = [];
  let now = 1_000_000;
  const lookup = new RunInfoLookup({
    fetch: async (key) => {
      calls.push(key);
      const a = answer(key);
      if (a instanceof Error) throw a;
      return a;
    },
    batchWindowMs: 5,
    now: () => now,
    onBatch: (ids) => batches.push([...ids]),
    ...options,
  });
  return { lookup, calls, batches, advance: (ms: number) => (now += ms) };
}

describe('hover: lookup service', () => {
  it('coalesces lookups made within the window into one batch', async () => {
    const { lookup, calls, batches } = make((k) => runInfo(k));
    const results = await Promise.all([lookup.lookup(id(1)), lookup.lookup(id(2)), lookup.lookup(id(3))]);
    assert.deepEqual(batches, [[id(1), id(2), id(3)]]);
    assert.deepEqual(calls.sort(), [id(1), id(2), id(3)]);
    assert.deepEqual(
      results.map((r) => r && 'info' in r && r.info.id),
      [id(1), id(2), id(3)],
    );
    // A later lookup forms its own batch.
    await lookup.lookup(id(4));
    assert.deepEqual(batches, [[id(1), id(2), id(3)], [id(4)]]);
  });

  it('de-duplicates lookups in flight, case-insensitively', async () => {
    const { lookup, calls, batches } = make((k) => runInfo(k));
    const [a, b, c] = await Promise.all([lookup.lookup(id(1)), lookup.lookup(id(1)), lookup.lookup(id(1).toUpperCase())]);
    assert.deepEqual(calls, [id(1)]);
    assert.deepEqual(batches, [[id(1)]]);
    assert.equal(a, b);
    assert.equal(b, c);
  });

  it('answers from the cache without another fetch', async () => {
    const { lookup, calls } = make((k) => runInfo(k));
    const first = await lookup.lookup(id(1));
    assert.equal(lookup.peek(id(1)), first);
    const second = await lookup.lookup(id(1), 0);
    assert.equal(second, first);
    assert.deepEqual(calls, [id(1)]);
    assert.equal(lookup.size, 1);
  });

  it('runs at most `concurrency` lookups at once and still answers all of them', async () => {
    const { f, lookup } = byHand();
    const all = Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => lookup.lookup(id(n))));
    await f.started(4);
    // Give the pump a chance to (wrongly) start more.
    await Promise.resolve();
    assert.equal(f.calls.length, 4);
    assert.equal(f.active, 4);
    f.answer(id(1));
    f.answer(id(2));
    await f.started(6);
    f.answer(id(3));
    await f.started(7);
    for (const n of [4, 5, 6, 7]) f.answer(id(n));
    const results = await all;
    assert.equal(f.maxActive, 4);
    assert.equal(results.length, 7);
    assert.ok(results.every((r) => r && 'info' in r));
  });

  it('gives up after the timeout but lets the lookup finish into the cache', async () => {
    const { f, lookup } = byHand();
    const hover = await lookup.lookup(id(1), 10);
    assert.equal(hover, undefined, 'no hover when the answer is late');
    await f.started(1);
    f.answer(id(1));
    // The same in-flight lookup is shared: waiting without a timeout gets its answer.
    const full = await lookup.lookup(id(1));
    assert.ok(full && 'info' in full);
    assert.equal(f.calls.length, 1);
    // The next hover is answered from the cache at once, even with a zero timeout.
    assert.equal(await lookup.lookup(id(1), 0), full);
  });

  it('answers within the timeout when the fetch is quick', async () => {
    const { lookup } = make((k) => runInfo(k));
    const r = await lookup.lookup(id(1), 1000);
    assert.ok(r && 'info' in r);
  });

  it('turns errors into one line and caches them briefly', async () => {
    const { lookup, calls, advance } = make(() => new Error('connection refused\n    at Socket'), { ttlErrorMs: 5_000 });
    const r = await lookup.lookup(id(1));
    assert.deepEqual(r, { error: 'connection refused' });
    await lookup.lookup(id(1));
    assert.equal(calls.length, 1, 'a broken connection is not asked again at once');
    advance(5_001);
    await lookup.lookup(id(1));
    assert.equal(calls.length, 2);
  });

  it('keeps open runs and scenarios ~60 s, finished runs and requests longer, unknown ids ~60 s', async () => {
    const infos = new Map<string, RunInfo>([
      [id(1), runInfo(id(1), 'running')],
      [id(2), runInfo(id(2), 'failed')],
      [id(3), { kind: 'unknown', id: id(3) }],
      [id(4), { kind: 'request', id: id(4), matches: [] }],
      [id(5), runInfo(id(5), 'queued')],
    ]);
    const { lookup, calls, advance } = make((k) => infos.get(k) as RunInfo, { ttlChangingMs: 60_000, ttlFinalMs: 600_000 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => lookup.lookup(id(n))));
    assert.equal(calls.length, 5);
    advance(59_000);
    for (const n of [1, 2, 3, 4, 5]) assert.ok(lookup.peek(id(n)), `fresh ${n}`);
    advance(2_000);
    assert.equal(lookup.peek(id(1)), undefined);
    assert.equal(lookup.peek(id(3)), undefined);
    assert.equal(lookup.peek(id(5)), undefined);
    assert.ok(lookup.peek(id(2)));
    assert.ok(lookup.peek(id(4)));
    advance(600_000);
    assert.equal(lookup.peek(id(2)), undefined);
    await lookup.lookup(id(1));
    assert.equal(calls.length, 6);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { lookup, calls } = make((k) => runInfo(k), { maxEntries: 3 });
    await Promise.all([1, 2, 3].map((n) => lookup.lookup(id(n))));
    lookup.peek(id(1)); // 1 is now the most recently used
    await lookup.lookup(id(4));
    assert.equal(lookup.size, 3);
    assert.ok(lookup.peek(id(1)));
    assert.equal(lookup.peek(id(2)), undefined);
    assert.ok(lookup.peek(id(3)));
    assert.ok(lookup.peek(id(4)));
    assert.equal(calls.length, 4);
  });

  it('clear() forgets answers; lookups running during a clear answer their callers but are not cached', async () => {
    const { f, lookup } = byHand();
    const before = lookup.lookup(id(1));
    await f.started(1);
    lookup.clear();
    f.answer(id(1));
    const answered = await before;
    assert.ok(answered && 'info' in answered);
    assert.equal(lookup.size, 0);
    // A new lookup after the clear asks again.
    const after = lookup.lookup(id(1));
    await f.started(2);
    f.answer(id(1));
    await after;
    assert.equal(f.calls.length, 2);
    assert.equal(lookup.size, 1);
  });

  it('dispose() answers lookups still waiting for their batch', async () => {
    const { lookup, calls } = make((k) => runInfo(k), { batchWindowMs: 50 });
    const p = lookup.lookup(id(1));
    lookup.dispose();
    assert.deepEqual(await p, { error: 'lookups stopped' });
    assert.equal(calls.length, 0);
  });

  it('a rejected non-Error value still gives one line', async () => {
    const { f, lookup } = byHand();
    const p = lookup.lookup(id(1));
    await f.started(1);
    f.fail(id(1), 'plain text failure');
    assert.deepEqual(await p, { error: 'plain text failure' });
  });
});
