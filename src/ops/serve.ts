/**
 * `clearsight-rca serve`: the scheduled ETL with health checks and alerts after each job
 * (and the read-only HTTP API, wired by the CLI). One JSON line per event on `out`.
 */
import type { FastifyInstance } from 'fastify';
import { buildApi, requireTokenOffLoopback } from '../api/server';
import type { HealthReport, HealthThresholds } from '../core/health';
import type { PrivacyOptions } from '../core/privacy';
import { Engine } from '../engine/engine';
import type { LogSource } from '../logs/types';
import type { Db } from '../db/db';
import { runEtl, type EtlMode, type EtlOptions } from '../etl/etl';
import { Alerter, type PostJson } from './alerts';
import { checkHealth } from './health';
import { Scheduler, type JobOutcome, type SchedulerOptions } from './scheduler';
import { verificationSummary, verifyReporting } from './verify';

/** The schedule (see SchedulerOptions), the databases, alerts and the API. */
export interface ServeOptions extends Pick<SchedulerOptions, 'clock' | 'everyMinutes' | 'fullAt' | 'tz' | 'retries' | 'backoffMs' | 'maxBackoffMs'> {
  source: Db;
  target: Db;
  alertWebhook: string | null;
  thresholds?: Partial<HealthThresholds>;
  batchSize?: number;
  overlapMinutes?: number;
  /**
   * The design's retention: the first full refresh of each UTC month moves facts older than
   * this many days to the archive and daily aggregates (src/etl/retention.ts); 0 or
   * undefined: never (the CLI's default is 90).
   */
  retainDays?: number;
  /** Personal data in the reporting copy (etl --pseudonymise-users / --no-input-values), every run alike. */
  privacy?: PrivacyOptions;
  /** After each daily full refresh, reconcile reporting against production (etl --verify). Default true. */
  verifyAfterFull?: boolean;
  /** The log sources each run loads after the database (etl's log step). */
  logs?: EtlOptions['logs'];
  /** Replaces runEtl (tests: inject failures). */
  runEtl?: typeof runEtl;
  post?: PostJson;
  out: (line: string) => void;
  /** The read-only HTTP API (omitted: none). */
  api?: { host: string; port: number; token: string | null; rateLimitPerMinute?: number; logSources: () => LogSource[] };
}

/**
 * Health checks whose trouble is its own incident (the others are covered by the ETL's), and
 * the design's metrics that alert: a day's row growth off the average, an ETL run over its
 * duration target (the success rate alerts as etl_failures, freshness as stale_data).
 */
function healthProblems(report: HealthReport, problems: Map<string, string>): void {
  for (const m of report.metrics ?? []) {
    if ((m.name === 'row_count_growth' || m.name === 'etl_duration') && m.status !== 'ok') problems.set(m.name, `${m.detail} (target: ${m.target})`);
  }
  for (const c of report.checks) {
    if (c.name === 'data_age') {
      if (c.status !== 'ok') problems.set('stale_data', c.detail);
    } else if (c.name === 'consecutive_failures') {
      if (c.status === 'critical' && !problems.has('etl_failures')) problems.set('etl_failures', c.detail);
    } else if (c.status === 'critical') {
      problems.set(`health_critical:${c.name}`, c.detail);
    }
  }
}

export class Serve {
  readonly scheduler: Scheduler;
  readonly alerter: Alerter;
  private lastHealth: HealthReport | null = null;
  private verifyProblem: string | null = null;
  private readonly stopSignal = new AbortController();
  private engine: Promise<Engine> | null = null;
  private app: FastifyInstance | null = null;

  constructor(private readonly o: ServeOptions) {
    const run = o.runEtl ?? runEtl;
    this.alerter = new Alerter({ webhook: o.alertWebhook, source: o.target.label, log: (e) => this.log(e), now: () => new Date(o.clock.now()).toISOString(), post: o.post });
    const { clock, everyMinutes, fullAt, tz, retries, backoffMs, maxBackoffMs } = o;
    this.scheduler = new Scheduler({
      clock,
      everyMinutes,
      fullAt,
      tz,
      retries,
      backoffMs,
      maxBackoffMs,
      log: (e) => this.log(e),
      run: (kind: EtlMode, attempt, signal) =>
        run({
          source: o.source,
          target: o.target,
          mode: kind,
          attempt,
          signal,
          batchSize: o.batchSize,
          overlapMinutes: o.overlapMinutes,
          retainDays: kind === 'full' && o.retainDays ? o.retainDays : undefined,
          retainEvery: 'month',
          privacy: o.privacy,
          logs: o.logs,
          now: () => o.clock.now(),
        }),
      afterJob: (outcome) => this.afterJob(outcome),
    });
  }

  /** The last health verdict (null before the first job). */
  get health(): HealthReport | null {
    return this.lastHealth;
  }

  log(event: Record<string, unknown>): void {
    this.o.out(JSON.stringify({ ts: new Date(this.o.clock.now()).toISOString(), ...event }));
  }

  /** The engine the API answers with: reporting when loaded, production otherwise (renewed after each job). */
  private currentEngine(): Promise<Engine> {
    this.engine ??= Engine.create(this.o.source, this.o.target, 'auto');
    this.engine.catch(() => (this.engine = null));
    return this.engine;
  }

  /** Starts the API (when configured); resolves with its address. */
  async listen(): Promise<{ host: string; port: number } | null> {
    const api = this.o.api;
    if (!api) return null;
    requireTokenOffLoopback(api.host, api.token);
    this.app = await buildApi({
      engine: () => this.currentEngine(),
      reporting: this.o.target,
      health: () => checkHealth(this.o.target, this.o.thresholds),
      logSources: api.logSources,
      token: api.token,
      rateLimitPerMinute: api.rateLimitPerMinute,
      host: api.host,
      // 5xx details and auth lockouts: in serve's log, never in an answer.
      log: (e) => this.log(e),
    });
    await this.app.listen({ host: api.host, port: api.port });
    const address = this.app.server.address();
    const port = typeof address === 'object' && address ? address.port : api.port;
    this.log({ event: 'http_listen', host: api.host, port, token: api.token !== null });
    return { host: api.host, port };
  }

  /** Runs the schedule (and the API) until stop(). */
  async start(): Promise<void> {
    try {
      await this.scheduler.start();
    } finally {
      await this.app?.close();
    }
  }

  stop(): Promise<void> {
    this.stopSignal.abort();
    return this.scheduler.stop();
  }

  private async afterJob(outcome: JobOutcome): Promise<void> {
    if (outcome.ok) this.engine = null; // the schema may have been created or migrated
    if (outcome.ok && outcome.kind === 'full' && this.o.verifyAfterFull !== false) {
      try {
        // With retention the reporting schema holds only the kept window: verify reads where it starts.
        const v = await verifyReporting({ source: this.o.source, reporting: this.o.target, signal: this.stopSignal.signal, privacy: this.o.privacy });
        const summary = verificationSummary(v);
        this.log({ event: 'verify', ok: v.ok, summary, duration_ms: v.duration_ms });
        this.verifyProblem = v.ok ? null : summary;
      } catch (err) {
        this.log({ event: 'verify_error', error: err instanceof Error ? err.message : String(err) });
      }
    }
    const problems = new Map<string, string>();
    if (outcome.consecutiveFailures >= 2) {
      problems.set('etl_failures', `${outcome.consecutiveFailures} scheduled ETL runs failed in a row (${outcome.attempts} attempts the last time): ${outcome.error ?? ''}`);
    }
    if (this.verifyProblem) problems.set('verify_difference', this.verifyProblem);
    let healthKnown = true;
    try {
      const report = await checkHealth(this.o.target, this.o.thresholds);
      if (report.status !== this.lastHealth?.status) this.log({ event: 'health', status: report.status, checks: report.checks });
      this.lastHealth = report;
      healthProblems(report, problems);
    } catch (err) {
      healthKnown = false;
      this.log({ event: 'health_error', error: err instanceof Error ? err.message : String(err) });
    }
    // Without a health verdict, incidents that only health can clear stay open.
    await this.alerter.update(problems, (key) => !healthKnown && (key === 'stale_data' || key === 'row_count_growth' || key === 'etl_duration' || key.startsWith('health_critical:')));
  }
}
