/**
 * The ETL schedule of `serve`: an incremental run at start and on every `everyMinutes`
 * slot (a grid from 00:00 UTC), a full refresh daily at `fullAt` in `tz`. Jobs run one
 * after the other, never two at once (and the ETL's advisory lock keeps other processes
 * out); when both are due the full refresh goes first. A run that fails on a connection
 * error is retried with exponential backoff, a bounded number of times; each attempt is a
 * row of reporting.etl_run_log (runEtl writes it). `stop()` cancels a running load
 * (it rolls back, nothing changes) and ends the loop. Every event is one `log` call.
 */
import { UserError } from '../core/errors';
import type { EtlMode, EtlResult } from '../etl/etl';
import { EtlCancelled } from '../etl/etl';
import { dailyAtOrAfter, slotAtOrAfter, slotAtOrBefore, type Clock, type TimeOfDay } from './clock';

export interface JobOutcome {
  kind: EtlMode;
  ok: boolean;
  result?: EtlResult;
  error?: string;
  attempts: number;
  /** Jobs in a row that failed (after their retries), this one included; 0 after a success. */
  consecutiveFailures: number;
}

export interface SchedulerOptions {
  clock: Clock;
  everyMinutes: number;
  fullAt: TimeOfDay;
  tz: string;
  /** Retries after the first attempt, on connection errors only. */
  retries: number;
  /** The first retry waits this long; each next one twice as long, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  run: (kind: EtlMode, attempt: number, signal: AbortSignal) => Promise<EtlResult>;
  /** After each job (health, alerts, reconciliation); its errors are logged, not fatal. */
  afterJob?: (outcome: JobOutcome) => Promise<void>;
  log: (event: Record<string, unknown>) => void;
}

/** Errors worth another attempt: the database could not be reached or the connection broke. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof EtlCancelled) return false;
  const msg = err instanceof Error ? err.message : String(err);
  return /cannot connect|connection (?:terminated|refused|reset|is closed|was closed)|terminating connection|ECONNRESET|ECONNREFUSED|ETIMEDOUT|server closed the connection|the database system is (?:starting up|shutting down)/i.test(
    msg,
  );
}

export class Scheduler {
  private readonly stopController = new AbortController();
  private current: AbortController | null = null;
  private failures = 0;
  private loop: Promise<void> | null = null;

  constructor(private readonly o: SchedulerOptions) {
    if (!(o.everyMinutes >= 1 && o.everyMinutes <= 1440)) throw new UserError(`--every: expected minutes from 1 to 1440, got ${o.everyMinutes}`);
  }

  get stopping(): boolean {
    return this.stopController.signal.aborted;
  }

  /** Runs until stop(); resolves when the loop has ended (a running load cancelled). */
  start(): Promise<void> {
    this.loop ??= this.run();
    return this.loop;
  }

  /** Graceful stop: no new job, the running load cancelled (rolled back), the loop ends. */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.o.log({ event: 'stopping', running: this.current !== null });
      this.stopController.abort();
      this.current?.abort();
    }
    return this.loop ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    const { clock, everyMinutes, fullAt, tz } = this.o;
    const start = clock.now();
    let nextIncremental = start; // one at start, then on the grid
    let nextFull = dailyAtOrAfter(start, fullAt, tz);
    this.o.log({ event: 'schedule', every_minutes: everyMinutes, full_at: `${pad(fullAt.hour)}:${pad(fullAt.minute)}`, tz, next_full: iso(nextFull) });
    while (!this.stopping) {
      const now = clock.now();
      const due = Math.min(nextIncremental, nextFull);
      if (due > now) {
        await clock.sleep(due - now, this.stopController.signal);
        continue;
      }
      let kind: EtlMode;
      if (nextFull <= now) {
        kind = 'full';
        nextFull = dailyAtOrAfter(Math.max(nextFull, now) + 1, fullAt, tz);
      } else {
        kind = 'incremental';
        // Slots missed while a job ran are not made up one by one: the latest one runs.
        const latest = slotAtOrBefore(now, everyMinutes);
        if (latest > nextIncremental) {
          const skipped = Math.round((latest - nextIncremental) / (everyMinutes * 60_000));
          this.o.log({ event: 'skipped', kind, slots: skipped, reason: 'a job ran past them' });
        }
        nextIncremental = slotAtOrAfter(Math.max(latest, nextIncremental) + 1, everyMinutes);
      }
      await this.job(kind);
    }
    this.o.log({ event: 'stopped' });
  }

  private async job(kind: EtlMode): Promise<void> {
    const { clock, retries } = this.o;
    let error = '';
    let attempt = 0;
    while (attempt <= retries && !this.stopping) {
      attempt++;
      const controller = new AbortController();
      this.current = controller;
      this.o.log({ event: 'etl_start', kind, attempt });
      try {
        const result = await this.o.run(kind, attempt, controller.signal);
        this.current = null;
        this.failures = 0;
        this.o.log({ event: 'etl_done', kind, attempt, duration_ms: result.duration_ms, watermark: result.watermark, loaded: result.loaded, ...(result.pruned ? { pruned: result.pruned } : {}) });
        await this.after({ kind, ok: true, result, attempts: attempt, consecutiveFailures: 0 });
        return;
      } catch (err) {
        this.current = null;
        error = err instanceof Error ? err.message : String(err);
        if (this.stopping || err instanceof EtlCancelled) {
          this.o.log({ event: 'etl_cancelled', kind, attempt });
          return;
        }
        const retry = isRetryable(err) && attempt <= retries;
        const wait = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempt - 1));
        this.o.log({ event: 'etl_error', kind, attempt, error, ...(retry ? { retry_in_ms: wait } : {}) });
        if (!retry) break;
        await clock.sleep(wait, this.stopController.signal);
      }
    }
    if (this.stopping) return;
    this.failures++;
    this.o.log({ event: 'etl_failed', kind, attempts: attempt, consecutive_failures: this.failures, error });
    await this.after({ kind, ok: false, error, attempts: attempt, consecutiveFailures: this.failures });
  }

  private async after(outcome: JobOutcome): Promise<void> {
    if (!this.o.afterJob || this.stopping) return;
    try {
      await this.o.afterJob(outcome);
    } catch (err) {
      this.o.log({ event: 'after_job_error', kind: outcome.kind, error: err instanceof Error ? err.message : String(err) });
    }
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (ms: number): string => new Date(ms).toISOString();
