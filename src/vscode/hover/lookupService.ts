/**
 * Id lookups for hovers: requests made within a short window are coalesced into one
 * batch, run with a concurrency limit, de-duplicated while in flight and cached (LRU with
 * a TTL by how final the answer is). A caller can give up after a timeout; the lookup
 * still finishes into the cache, so the next hover shows it.
 * No `vscode` import: unit-tested with a fake fetcher.
 */
import type { RunInfo } from '../../core/types';
import { isOpen } from '../tree/format';
import { errorLine } from '../errors';

export type LookupResult = { info: RunInfo } | { error: string };

export interface LookupOptions {
  /** Looks one id up (the engine has no batch API). */
  fetch(id: string): Promise<RunInfo>;
  /** Lookups requested within this window form one batch (default 20 ms). */
  batchWindowMs?: number;
  /** Lookups running at once (default 4). */
  concurrency?: number;
  /** Cached answers kept (default 500, least recently used dropped first). */
  maxEntries?: number;
  /** TTL of answers that can still change: open runs, scenarios, unknown ids (default 60 s). */
  ttlChangingMs?: number;
  /** TTL of final answers: finished runs, request ids (default 10 min). */
  ttlFinalMs?: number;
  /** TTL of errors, so a broken connection is not hammered by every hover (default 5 s). */
  ttlErrorMs?: number;
  now?(): number;
  /** Called with the ids of every batch (logging, tests). */
  onBatch?(ids: readonly string[]): void;
}

interface Entry {
  result: LookupResult;
  expires: number;
}

interface Pending {
  key: string;
  promise: Promise<LookupResult>;
  resolve(result: LookupResult): void;
  generation: number;
}

export class RunInfoLookup {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Pending>();
  /** Lookups waiting for the batch window to close. */
  private collecting: Pending[] = [];
  /** Lookups of closed batches waiting for a free slot. */
  private readonly ready: Pending[] = [];
  private active = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly opts: Required<Omit<LookupOptions, 'onBatch'>> & Pick<LookupOptions, 'onBatch'>;

  constructor(options: LookupOptions) {
    this.opts = {
      batchWindowMs: 20,
      concurrency: 4,
      maxEntries: 500,
      ttlChangingMs: 60_000,
      ttlFinalMs: 10 * 60_000,
      ttlErrorMs: 5_000,
      now: () => Date.now(),
      ...options,
    };
  }

  get size(): number {
    return this.cache.size;
  }

  /** The cached answer, if fresh (marks it recently used). */
  peek(id: string): LookupResult | undefined {
    const key = id.toLowerCase();
    const entry = this.cache.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.opts.now()) {
      this.cache.delete(key);
      return undefined;
    }
    this.cache.delete(key);
    this.cache.set(key, entry);
    return entry.result;
  }

  /**
   * The answer for `id`: from the cache, or from a (shared) lookup. With `timeoutMs`,
   * resolves `undefined` when the answer is not there in time (the lookup goes on).
   */
  lookup(id: string, timeoutMs?: number): Promise<LookupResult | undefined> {
    const key = id.toLowerCase();
    const cached = this.peek(key);
    if (cached) return Promise.resolve(cached);
    const pending = this.inflight.get(key) ?? this.enqueue(key);
    if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return pending.promise;
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(undefined), Math.max(0, timeoutMs));
      void pending.promise.then((r) => {
        clearTimeout(t);
        resolve(r);
      });
    });
  }

  /** Forgets every answer (connection changed, data reloaded); running lookups are not cached. */
  clear(): void {
    this.generation++;
    this.cache.clear();
    this.inflight.clear();
  }

  /** Stops batching: lookups not started yet resolve with an error. */
  dispose(): void {
    this.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const p of [...this.collecting, ...this.ready.splice(0)]) p.resolve({ error: 'lookups stopped' });
    this.collecting = [];
  }

  private enqueue(key: string): Pending {
    let resolve!: (r: LookupResult) => void;
    const promise = new Promise<LookupResult>((r) => (resolve = r));
    const pending: Pending = { key, promise, resolve, generation: this.generation };
    this.inflight.set(key, pending);
    this.collecting.push(pending);
    this.timer ??= setTimeout(() => this.closeBatch(), this.opts.batchWindowMs);
    return pending;
  }

  private closeBatch(): void {
    this.timer = undefined;
    const batch = this.collecting;
    this.collecting = [];
    if (batch.length === 0) return;
    this.opts.onBatch?.(batch.map((p) => p.key));
    this.ready.push(...batch);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.opts.concurrency && this.ready.length > 0) {
      const pending = this.ready.shift() as Pending;
      this.active++;
      void this.run(pending).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async run(pending: Pending): Promise<void> {
    const key = pending.key;
    let result: LookupResult;
    try {
      result = { info: await this.opts.fetch(key) };
    } catch (err) {
      result = { error: errorLine(err) };
    }
    if (pending.generation === this.generation) this.store(key, result);
    if (this.inflight.get(key) === pending) this.inflight.delete(key);
    pending.resolve(result);
  }

  private store(key: string, result: LookupResult): void {
    this.cache.delete(key);
    this.cache.set(key, { result, expires: this.opts.now() + this.ttlOf(result) });
    while (this.cache.size > this.opts.maxEntries) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }

  private ttlOf(result: LookupResult): number {
    if ('error' in result) return this.opts.ttlErrorMs;
    const info = result.info;
    switch (info.kind) {
      case 'run':
        return isOpen(info.run.run_status) ? this.opts.ttlChangingMs : this.opts.ttlFinalMs;
      case 'request':
        return this.opts.ttlFinalMs;
      default:
        // Scenarios change with every run; an unknown id may be a run that starts later.
        return this.opts.ttlChangingMs;
    }
  }
}
