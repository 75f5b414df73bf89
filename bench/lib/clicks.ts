/**
 * Per-click latency: query + transform as the extension and the CLI call them (Engine /
 * Analyses), p50 and p95 over the samples, on the reporting schema and on production
 * directly; the EXPLAIN (ANALYZE, BUFFERS) of every statement a click runs; and the RSS
 * growth of the process while it serves them. Runs in a child process of its own
 * (`clicksChild.ts`) so that the memory figure is the engine's, not the benchmark's.
 */
import type { Db, Row } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { type Analyses } from '../../src/engine/analyses';
import { Engine } from '../../src/engine/engine';
import { summarize, type Summary } from './stats';

export interface ClickConfig {
  sourceUrl: string;
  reportingUrl: string;
  samples: number;
  heavyScenarioId: string;
  bigRunA: string;
  bigRunB: string;
  /**
   * Last success → first failure pairs of ordinary (≈ 50-node) models with many scenarios:
   * the diff ranks against the history of those models (a different pair each sample).
   */
  failurePairs: Array<{ a: string; b: string }>;
  /** Run ids for cold hovers (one per sample, never looked up before). */
  coldRunIds: string[];
  /** Looked up again and again (an ordinary run, like the cold ones). */
  warmRunId: string;
  searchPrefixes: string[];
  /**
   * A scenario whose events all lie in the newest month, and one of its runs: explained once
   * (not timed) to show which monthly partitions a per-scenario read touches.
   */
  probe?: { scenarioId: string; runId: string };
  /** Skip the production source (the partitioned layout only changes the reporting side). */
  reportingOnly?: boolean;
  explain: boolean;
}

export interface ClickResult {
  source: 'reporting' | 'prod';
  click: string;
  detail: string;
  summary: Summary;
  /** Rows or items the click returned (first sample). */
  size: number;
}

export interface ExplainedStatement {
  source: 'reporting' | 'prod';
  click: string;
  name: string;
  plan: string;
  seqScans: string[];
  executionMs: number;
  /** Monthly partitions the plan reads, and those it skips at run time ("never executed"). */
  partitions: { read: string[]; skipped: string[]; removed: number };
}

export interface ClicksOutput {
  results: ClickResult[];
  explains: ExplainedStatement[];
  memory: { baselineRssMb: number; peakRssMb: number; endRssMb: number; growthMb: number; heapUsedMb: number };
}

interface Recorded {
  sql: string;
  params: readonly unknown[];
}

/** A Db that remembers the statements it ran (for EXPLAIN), delegating everything. */
function recording(db: Db, log: Recorded[] | null): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return <R = Row>(sql: string, params?: readonly unknown[]) => {
          log?.push({ sql, params: params ?? [] });
          return target.query<R>(sql, params);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

const FACT_TABLES = /^(reporting\.)?(fact_\w+|fc_scenario_node_data|fc_scenario_node_calc|fc_scenario_run|dim_run)$/;

function partitions(plan: string): ExplainedStatement['partitions'] {
  const read = new Set<string>();
  const skipped = new Set<string>();
  let removed = 0;
  for (const line of plan.split('\n')) {
    const m = /\bon (fact_\w+_p\d{4}_\d{2})\b/.exec(line) ?? /\bon (\w+_p\d{4}_\d{2})\b/.exec(line);
    if (m) (/never executed/.test(line) ? skipped : read).add(m[1]);
    const r = /Subplans Removed: (\d+)/.exec(line);
    if (r) removed += Number(r[1]);
  }
  for (const s of read) skipped.delete(s);
  return { read: [...read].sort(), skipped: [...skipped].sort(), removed };
}

function seqScans(plan: string): string[] {
  const out: string[] = [];
  for (const m of plan.matchAll(/Seq Scan on (\S+)/g)) out.push(m[1]);
  return out;
}

export function isFactSeqScan(table: string): boolean {
  return FACT_TABLES.test(table) || /^fact_\w+_p\d/.test(table);
}

interface Click {
  name: string;
  detail: string;
  run: (i: number) => Promise<number>;
}

function clicksFor(engine: Engine, cfg: ClickConfig): Click[] {
  const a = (fn: (x: Analyses) => Promise<number>): Promise<number> => engine.read(fn);
  return [
    { name: 'tree first page', detail: 'scenarios({limit: 100})', run: () => a(async (x) => (await x.scenarios({ limit: 100 })).length) },
    {
      name: 'search as you type',
      detail: `scenarios({search}) over ${cfg.searchPrefixes.length} prefixes of 2–4 characters`,
      run: (i) => a(async (x) => (await x.scenarios({ search: cfg.searchPrefixes[i % cfg.searchPrefixes.length], limit: 100 })).length),
    },
    { name: 'timeline', detail: 'scenario with 1,000+ events', run: () => a(async (x) => (await x.timeline(cfg.heavyScenarioId)).length) },
    { name: 'input snapshot', detail: '500-node model', run: () => a(async (x) => (await x.snapshot(cfg.bigRunB)).nodes.length) },
    {
      name: 'run diff',
      detail: 'two 500-node runs',
      run: () => a(async (x) => {
        const d = await x.diff(cfg.bigRunA, cfg.bigRunB);
        return d.changed.length;
      }),
    },
    ...(cfg.failurePairs?.length
      ? [
          {
            name: 'run diff of a failure, ranked',
            detail: `last success vs failure, ${cfg.failurePairs.length} pairs of ordinary models (history profile across the model's scenarios)`,
            run: (i: number) =>
              a(async (x) => {
                const p = cfg.failurePairs[i % cfg.failurePairs.length]!;
                return (await x.diff(p.a, p.b)).changed.length;
              }),
          },
        ]
      : []),
    {
      name: 'run-ID hover, cold',
      detail: 'Engine.runInfo, a different run each time',
      run: async (i) => {
        const info = await engine.runInfo(cfg.coldRunIds[i % cfg.coldRunIds.length]);
        return info.kind === 'run' ? 1 : 0;
      },
    },
    {
      name: 'run-ID hover, warm',
      detail: 'Engine.runInfo, the same run again',
      run: async () => {
        const info = await engine.runInfo(cfg.warmRunId);
        return info.kind === 'run' ? 1 : 0;
      },
    },
  ];
}

export async function measureClicks(cfg: ClickConfig): Promise<ClicksOutput> {
  const prodDb = new PgDb({ url: cfg.sourceUrl, readOnly: true, statementTimeoutMs: 30_000 });
  const repDb = new PgDb({ url: cfg.reportingUrl, readOnly: false, statementTimeoutMs: 30_000 });
  const results: ClickResult[] = [];
  const explains: ExplainedStatement[] = [];
  const sources: Array<'reporting' | 'prod'> = cfg.reportingOnly ? ['reporting'] : ['reporting', 'prod'];
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  let baseline = 0;
  try {
    const log: Recorded[] = [];
    const engines = {
      reporting: await Engine.create(recording(prodDb, log), recording(repDb, log), 'auto'),
      prod: await Engine.create(recording(prodDb, log), null, 'prod'),
    };
    // Connections open, code loaded, one query each: the memory baseline.
    await engines.reporting.read((x) => x.scenarios({ limit: 1 }));
    await engines.prod.read((x) => x.scenarios({ limit: 1 }));
    if (global.gc) global.gc();
    baseline = process.memoryUsage().rss;
    peak = baseline;
    const timer = setInterval(sample, 20);
    try {
      for (const source of sources) {
        const engine = engines[source];
        for (const click of clicksFor(engine, cfg)) {
          // The statements of one click, for EXPLAIN (first call; also warms the pool).
          log.length = 0;
          const size = click.name.endsWith('cold') ? 0 : await click.run(0);
          const statements = [...log];
          const times: number[] = [];
          for (let i = 0; i < cfg.samples; i++) {
            const t0 = performance.now();
            await click.run(click.name.endsWith('cold') ? i : i + 1);
            times.push(performance.now() - t0);
            sample();
          }
          results.push({ source, click: click.name, detail: click.detail, summary: summarize(times), size });
          if (cfg.explain) {
            const seen = new Set<string>();
            for (const st of statements) {
              const name = /--\s*name:\s*([\w.-]+)/.exec(st.sql)?.[1] ?? st.sql.slice(0, 40);
              if (seen.has(name)) continue;
              seen.add(name);
              const db = name.startsWith('reporting.') ? repDb : prodDb;
              const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params);
              const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
              const exec = /Execution Time: ([\d.]+) ms/.exec(plan);
              explains.push({ source, click: click.name, name, plan, seqScans: seqScans(plan), executionMs: exec ? Number(exec[1]) : NaN, partitions: partitions(plan) });
            }
          }
        }
      }
      if (cfg.explain && cfg.probe) {
        // Not timed: the plans of per-scenario reads of a scenario that lives in one month.
        const probe = cfg.probe;
        const steps: Array<[string, (x: Analyses) => Promise<unknown>]> = [
          ['probe: timeline', (x) => x.timeline(probe.scenarioId)],
          ['probe: changes', (x) => x.changes(probe.scenarioId)],
          ['probe: snapshot + calcs', async (x) => {
            await x.snapshot(probe.runId);
            return x.calcs(probe.runId);
          }],
        ];
        for (const [name, fn] of steps) {
          log.length = 0;
          await engines.reporting.read(fn);
          for (const st of [...log]) {
            const sqlName = /--\s*name:\s*([\w.-]+)/.exec(st.sql)?.[1] ?? '';
            if (!/^reporting\.(timeline|changes|snapshot|calcs)$/.test(sqlName)) continue;
            const rows = await repDb.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params);
            const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
            const exec = /Execution Time: ([\d.]+) ms/.exec(plan);
            explains.push({ source: 'reporting', click: name, name: sqlName, plan, seqScans: seqScans(plan), executionMs: exec ? Number(exec[1]) : NaN, partitions: partitions(plan) });
          }
        }
      }
    } finally {
      clearInterval(timer);
    }
  } finally {
    await prodDb.close();
    await repDb.close();
  }
  const end = process.memoryUsage();
  const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;
  return {
    results,
    explains,
    memory: { baselineRssMb: mb(baseline), peakRssMb: mb(peak), endRssMb: mb(end.rss), growthMb: mb(peak - baseline), heapUsedMb: mb(end.heapUsed) },
  };
}
