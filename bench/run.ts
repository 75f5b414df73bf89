/**
 * `npm run bench`: ClearSight RCA at S/4, S and 4S (S = the stated 30-day capacity: 3,000
 * scenarios, ≈15,000 runs, ≈300,000 saves, ≈750,000 node calcs) on the PostgreSQL server.
 *
 *   npm run bench                       S/4, S, 4S, and 4S with partitioned facts
 *   npm run bench -- --quick            a small scale, every step once (CI: proves it runs)
 *   npm run bench -- --fresh            re-seed the source databases
 *   npm run bench -- --scales s4,s      a subset (q, s4 = S/4, s, 4s)
 *   npm run bench -- --samples 100      per-click samples (default 60)
 *   npm run bench -- --no-partitioned   skip the partitioned layout
 *   npm run bench -- --api              only the HTTP API of `serve` (default at S): comparison
 *                                       latency over the loopback, memory over 1,000 requests
 *                                       (writes bench/api-results.md and .json)
 *   npm run bench -- --server URL       default postgres://postgres@127.0.0.1:5432/postgres
 *                                       (CLEARSIGHT_BENCH_URL)
 *
 * Writes the summary bench/results.md (committed), and bench/data/results.json and
 * bench/data/explain.md (generated, ignored by git); quick: all three under bench/data/. A benchmark, not a test: it reports figures against the goals and never
 * fails on a time.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { PgDb } from '../src/db/pgDb';
import { migrate } from '../src/etl/migrate';
import type { ClickConfig, ClicksOutput } from './lib/clicks';
import { benchApi, renderApi } from './lib/api';
import { loadAverage } from './lib/cpu';
import { timeCopyPipe, timeOurs, timeRowByRow, type PipeRun, type RowByRowRun } from './lib/etlBench';
import { explainIncremental, type StatementPlan } from './lib/etlExplain';
import { applyIncrement, undoIncrements, type Increment } from './lib/increment';
import { createDatabase, DEFAULT_SERVER_URL, dropDatabase, rawClient } from './lib/pg';
import { databaseFiles, proactiveReclaim, readThrough, residentShare } from './lib/osCache';
import { renderExplain, renderResults, type BenchResults, type LayoutResult, type ScaleResult, type WindowRun } from './lib/report';
import { ANCHOR, ensureSource, type Scale, type Source } from './lib/source';

const SCALES: Record<string, Scale> = {
  q: { label: 'quick', key: 'q', scenarios: 150 },
  s4: { label: 'S/4', key: 's4', scenarios: 750 },
  s: { label: 'S', key: 's', scenarios: 3000 },
  '4s': { label: '4S', key: '4s', scenarios: 12000 },
};

interface Args {
  quick: boolean;
  fresh: boolean;
  scales: string[];
  samples: number;
  partitioned: boolean;
  server: string;
  increments: number;
  api: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    quick: false,
    fresh: false,
    scales: [],
    samples: 60,
    partitioned: true,
    server: process.env.CLEARSIGHT_BENCH_URL || DEFAULT_SERVER_URL,
    increments: 9,
    api: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${x} needs a value`);
      return v;
    };
    if (x === '--quick') a.quick = true;
    else if (x === '--fresh') a.fresh = true;
    else if (x === '--no-partitioned') a.partitioned = false;
    else if (x === '--api') a.api = true;
    else if (x === '--scales') a.scales = value().split(',').map((s) => s.trim().toLowerCase());
    else if (x === '--samples') a.samples = Math.max(5, Number(value()));
    else if (x === '--server') a.server = value();
    else if (x === '--help' || x === '-h') {
      console.log('usage: npm run bench -- [--quick] [--fresh] [--scales q,s4,s,4s] [--samples N] [--no-partitioned] [--api] [--server URL]');
      process.exit(0);
    } else throw new Error(`unknown option ${x}`);
  }
  if (a.scales.length === 0) a.scales = a.quick ? ['q'] : a.api ? ['s'] : ['s4', 's', '4s'];
  if (a.quick) {
    a.samples = Math.min(a.samples, 20);
    a.increments = 1;
  }
  for (const s of a.scales) if (!SCALES[s]) throw new Error(`unknown scale ${s} (q, s4, s, 4s)`);
  return a;
}

const log = (m: string): void => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

interface Conn {
  name: string;
  url: string;
}

/** VACUUM (ANALYZE) the reporting schema's tables, then a CHECKPOINT (before the clicks are timed). */
async function settle(url: string): Promise<void> {
  const c = await rawClient(url);
  try {
    await c.query('VACUUM (ANALYZE)');
    // Needs a superuser (or pg_checkpoint): without it, the vacuum alone.
    await c.query('CHECKPOINT').catch(() => undefined);
  } finally {
    await c.end();
  }
}

async function freshReporting(server: string, name: string): Promise<Conn> {
  return { name, url: await createDatabase(server, name) };
}

function clicksInChild(cfg: ClickConfig): Promise<ClicksOutput> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'lib', 'clicksChild.ts'), [JSON.stringify(cfg)], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answered = false;
    child.on('message', (m: { ok: boolean; out?: ClicksOutput; error?: string }) => {
      answered = true;
      if (m.ok && m.out) resolve(m.out);
      else reject(new Error(`clicks: ${m.error}`));
    });
    child.on('exit', (code) => {
      if (!answered) reject(new Error(`clicks child exited with ${code}`));
    });
  });
}

async function clickConfig(src: Source, reportingUrl: string, samples: number, explain: boolean, reportingOnly: boolean): Promise<ClickConfig> {
  const c = await rawClient(src.url);
  try {
    const runs = await c.query<{ id: string }>(
      "SELECT id FROM fc_scenario_run WHERE run_status IN ('success', 'failed', 'timeout') ORDER BY md5(id::text) LIMIT $1",
      [samples + 5],
    );
    const ids = await c.query<{ p: string }>('SELECT left(id::text, 4) AS p FROM fc_scenario ORDER BY md5(id::text) LIMIT 2');
    const hex = ids.rows.flatMap((r) => [r.p.slice(0, 2), r.p.slice(0, 3), r.p]);
    // A scenario created in the window's last month (all its events in that month), with a run.
    const probe = await c.query<{ scenario_id: string; run_id: string }>(
      `SELECT s.id AS scenario_id, r.id AS run_id
         FROM fc_scenario s
         JOIN LATERAL (SELECT id FROM fc_scenario_run WHERE scenario_id = s.id AND run_status IN ('success', 'failed')
                        ORDER BY run_at DESC LIMIT 1) r ON true
        WHERE s.created_at >= date_trunc('month', $1::timestamp) AND s.created_at <= $1::timestamp
        ORDER BY s.created_at, s.id LIMIT 1`,
      [ANCHOR.replace('T', ' ').replace('Z', '')],
    );
    // Failures with a success before them in the same scenario, outside the bench's own extras.
    const pairs = await c.query<{ a: string; b: string }>(
      `SELECT o.id AS a, r.id AS b
         FROM fc_scenario_run r
         JOIN LATERAL (SELECT id FROM fc_scenario_run WHERE scenario_id = r.scenario_id AND run_status = 'success' AND run_at < r.run_at
                        ORDER BY run_at DESC LIMIT 1) o ON true
        WHERE r.run_status IN ('failed', 'timeout') AND r.scenario_id <> $1::uuid
        ORDER BY md5(r.id::text) LIMIT 20`,
      [src.extras.bigScenarioId],
    );
    return {
      sourceUrl: src.url,
      reportingUrl,
      samples,
      failurePairs: pairs.rows,
      heavyScenarioId: src.extras.heavyScenarioId,
      bigRunA: src.extras.bigRunA,
      bigRunB: src.extras.bigRunB,
      coldRunIds: runs.rows.slice(0, samples).map((r) => r.id),
      warmRunId: runs.rows[samples + 1].id,
      probe: probe.rows[0] ? { scenarioId: probe.rows[0].scenario_id, runId: probe.rows[0].run_id } : undefined,
      searchPrefixes: ['NS', 'NSC', 'NSCL', 'Mu', 'Mul', 'Mult', 'Ba', 'Bas', 'Base', 'Up', 'Ups', 'Upsi', ...hex],
      reportingOnly,
      explain,
    };
  } finally {
    await c.end();
  }
}

async function reportingFacts(url: string): Promise<Record<string, number>> {
  const c = await rawClient(url);
  try {
    const out: Record<string, number> = {};
    for (const t of ['fact_scenario_events', 'fact_input_changes', 'fact_node_calculations']) {
      const r = await c.query<{ n: string; size: string }>(`SELECT count(*) AS n, pg_total_relation_size('reporting.${t}') AS size FROM reporting.${t}`);
      out[t] = Number(r.rows[0].n);
      out[`${t}_mb`] = Math.round(Number(r.rows[0].size) / 1048576);
    }
    return out;
  } finally {
    await c.end();
  }
}

/**
 * The indexes README's limits name for production or a read replica, which turn the
 * incremental's reads of production's time windows into index scans (the bench adds them to
 * its own source for a second series of windows, then drops them).
 */
const REPLICA_INDEXES = [
  { name: 'bench_replica_node_data_created_at', on: 'fc_scenario_node_data (created_at)' },
  { name: 'bench_replica_node_data_end_at', on: 'fc_scenario_node_data (end_at)' },
  { name: 'bench_replica_run_run_at', on: 'fc_scenario_run (run_at)' },
  { name: 'bench_replica_run_complete_at', on: 'fc_scenario_run (run_complete_at)' },
] as const;

/** Our incremental runs, one per increment, with the references on the first window. */
async function incrementals(
  args: Args,
  admin: Client,
  src: Source,
  rep: Conn,
  layout: 'plain' | 'partitioned',
  withReferences: boolean,
): Promise<{
  runs: Array<WindowRun>;
  indexedRuns: Array<WindowRun>;
  checkpointedRuns: Array<WindowRun>;
  warmRuns: Array<WindowRun>;
  osCache: NonNullable<LayoutResult['osCache']>;
  rowByRow?: RowByRowRun;
  pipe?: PipeRun;
  plans?: StatementPlan[];
  planRows?: number;
}> {
  const writer = await rawClient(src.url, 'clearsight-bench-writer');
  const applied: Increment[] = [];
  const runs: WindowRun[] = [];
  const indexedRuns: WindowRun[] = [];
  const checkpointedRuns: WindowRun[] = [];
  const warmRuns: WindowRun[] = [];
  // The reporting database's files, for the share of them in the OS page cache before each
  // series and the series with all of them there (null: not readable here, series left out).
  const files = await databaseFiles(admin, rep.name);
  const osCache: NonNullable<LayoutResult['osCache']> = { backToBack: null, indexed: null, checkpointed: null, warm: null };
  const resident = (): number | null => (files ? residentShare(files) : null);
  let indexed = false;
  let rowByRow: RowByRowRun | undefined;
  let pipeRun: PipeRun | undefined;
  let explained: { plans: StatementPlan[]; rows: number } | undefined;
  const source = new PgDb({ url: src.url, readOnly: true, statementTimeoutMs: 0 });
  const target = new PgDb({ url: rep.url, readOnly: false, statementTimeoutMs: 0 });
  const names = { source, target, sourceName: src.database, targetName: rep.name };
  /** Window k of S's activity into the source, then our incremental over it (timed, with the WAL it wrote; `before` runs between the two). */
  const windowRun = async (k: number, before?: () => Promise<void>): Promise<WindowRun> => {
    const increment = await applyIncrement(writer, k);
    applied.push(increment);
    await before?.();
    const lsn = async (): Promise<string> => (await admin.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l;
    const from = await lsn();
    const run = await timeOurs(admin, names, { mode: 'incremental' });
    const wal = await admin.query<{ b: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn) AS b', [from]);
    return { ...run, increment, walBytes: Number(wal.rows[0].b) };
  };
  try {
    // Steady state first (not measured): the full load's watermark is the generator's last
    // save, so the first window after it reads the overlap of the generator's own last minutes,
    // i.e. the scale's activity (×16 from S/4 to 4S), not S's, and an incremental with nothing
    // new keeps that watermark. One window of S's activity, loaded and not measured, moves the
    // watermark past it: every measured window's overlap is then the previous window's S
    // activity, as on a 15-minute schedule.
    const warmRun = await windowRun(1);
    log(`${src.scale.label} ${layout}: warm-up window (not measured) ${(warmRun.ms / 1000).toFixed(2)} s, ${warmRun.rows} rows`);
    osCache.backToBack = resident();
    for (let k = 2; k <= args.increments + 1; k++) {
      // The first measured window's statements explained (rolled back: the timed run reads the same window).
      const explain = async (): Promise<void> => {
        explained = await explainIncremental({ source, target });
        log(`${src.scale.label} ${layout}: incremental explained (${explained.plans.length} statements)`);
      };
      const r = await windowRun(k, k === 2 ? explain : undefined);
      const inc = r.increment;
      runs.push(r);
      log(`${src.scale.label} ${layout}: incremental #${k} ${(r.ms / 1000).toFixed(2)} s, ${r.rows} rows (increment: ${inc.saves} saves, ${inc.runs} runs, ${inc.calcs} calcs, ${inc.finishedOpenRuns} open runs finished)`);
      if (withReferences && k === 2) {
        // The same window as the run above (which moved the watermark: the references are
        // given the watermark it started from, and roll back).
        rowByRow = await timeRowByRow(admin, names, { mode: 'incremental', fraction: 1, watermark: r.result.watermark_before });
        const since = r.result.from ? r.result.from.replace('T', ' ').replace('Z', '') : null;
        const c = { source: await rawClient(src.url), reporting: await rawClient(rep.url), target: await rawClient(rep.url) };
        try {
          pipeRun = await timeCopyPipe(admin, { ...c, sourceName: src.database, reportingName: rep.name, targetName: rep.name }, { since, intoFreshTables: true });
        } finally {
          await Promise.all([c.source.end(), c.reporting.end(), c.target.end()]);
        }
      }
    }
    // The same activity again with the indexes README's limits name for production or a read
    // replica (its time windows indexed): what the incremental costs without production's
    // forced scans, whose growth with the history kept is measured on its own line.
    await writer.query(REPLICA_INDEXES.map((d) => `CREATE INDEX ${d.name} ON ${d.on}`).join(';\n') + ';\nANALYZE fc_scenario_node_data, fc_scenario_run');
    indexed = true;
    // Building the indexes read production's largest table through the server's shared
    // buffers: one window, not measured, before the measured ones (as after the first load).
    await windowRun(args.increments + 2);
    osCache.indexed = resident();
    for (let k = args.increments + 3; k <= 2 * args.increments + 2; k++) {
      const r = await windowRun(k);
      indexedRuns.push(r);
      log(`${src.scale.label} ${layout}: incremental with the replica indexes #${k} ${(r.ms / 1000).toFixed(2)} s, ${r.rows} rows, ${((r.walBytes ?? 0) / 1048576).toFixed(1)} MB WAL`);
    }
    // The same again, each window after a CHECKPOINT: on a 15-minute schedule one always falls
    // between two runs (checkpoint_timeout 5 min), and the first change to a page after it
    // writes the whole page to the WAL. Back to back, the windows above find most pages they
    // touch already written since the last checkpoint.
    osCache.checkpointed = resident();
    for (let k = 2 * args.increments + 3; k <= 3 * args.increments + 2; k++) {
      const r = await windowRun(k, async () => {
        await admin.query('CHECKPOINT');
      });
      checkpointedRuns.push(r);
      log(`${src.scale.label} ${layout}: incremental with the replica indexes, after a checkpoint #${k} ${(r.ms / 1000).toFixed(2)} s, ${r.rows} rows, ${((r.walBytes ?? 0) / 1048576).toFixed(1)} MB WAL`);
    }
    // The same again with the reporting database's files read through before each window: all
    // of it in the OS page cache at every scale, so that the growth is the statements' and not
    // the cache's (a small history stays in memory between windows, a large one need not:
    // osCache.ts). The reading is this process's, not the backend's, and not timed.
    if (files) {
      for (let k = 3 * args.increments + 3; k <= 4 * args.increments + 2; k++) {
        const r = await windowRun(k, async () => {
          readThrough(files);
          if (osCache.warm === null) osCache.warm = resident();
        });
        warmRuns.push(r);
        log(`${src.scale.label} ${layout}: incremental with the replica indexes, the database in the OS cache #${k} ${(r.ms / 1000).toFixed(2)} s, ${r.rows} rows`);
      }
    } else {
      log(`${src.scale.label} ${layout}: the reporting database's files are not readable here: no series with them in the OS cache`);
    }
  } finally {
    if (indexed) await writer.query(REPLICA_INDEXES.map((d) => `DROP INDEX IF EXISTS ${d.name}`).join(';\n')).catch((err) => log(`could not drop the replica indexes (next run re-seeds): ${(err as Error).message}`));
    await undoIncrements(writer, applied).catch((err) => log(`could not undo the increments (next run re-seeds): ${(err as Error).message}`));
    await writer.end();
    await source.close();
    await target.close();
  }
  return { runs, indexedRuns, checkpointedRuns, warmRuns, osCache, rowByRow, pipe: pipeRun, plans: explained?.plans, planRows: explained?.rows };
}

async function benchLayout(args: Args, admin: Client, src: Source, layout: 'plain' | 'partitioned', references: boolean): Promise<LayoutResult> {
  const scale = src.scale;
  const repName = `clearsight_bench_${scale.key}_${layout === 'plain' ? 'rep' : 'part'}`;
  const out: LayoutResult = { layout, fullRuns: [] } as unknown as LayoutResult;
  // The first load, twice below 4S (the machine is shared: the better of two), each into a new database.
  const attempts = scale.key === '4s' ? 1 : 2;
  let rep!: Conn;
  for (let i = 0; i < attempts; i++) {
    rep = await freshReporting(args.server, repName);
    const s = new PgDb({ url: src.url, readOnly: true, statementTimeoutMs: 0 });
    const t = new PgDb({ url: rep.url, readOnly: false, statementTimeoutMs: 0 });
    try {
      log(`${scale.label} ${layout}: full ETL into an empty schema${attempts > 1 ? ` (${i + 1} of ${attempts})` : ''}…`);
      const run = await timeOurs(admin, { source: s, target: t, sourceName: src.database, targetName: rep.name }, { mode: 'full', partitioned: layout === 'partitioned' });
      out.fullRuns.push(run);
      log(`${scale.label} ${layout}: full ${(run.ms / 1000).toFixed(1)} s, ${run.rows} rows (load average ${run.load})`);
    } finally {
      await s.close();
      await t.close();
    }
  }
  out.full = out.fullRuns.reduce((a, b) => (b.ms < a.ms ? b : a));
  const source = new PgDb({ url: src.url, readOnly: true, statementTimeoutMs: 0 });
  const target = new PgDb({ url: rep.url, readOnly: false, statementTimeoutMs: 0 });
  const names = { source, target, sourceName: src.database, targetName: rep.name };
  try {
    out.facts = await reportingFacts(rep.url);
    if (references) {
      // Row by row, on a subset of ≈ 25,000 rows (extrapolated), into an empty schema.
      const ref = await freshReporting(args.server, `clearsight_bench_${scale.key}_ref`);
      const refDb = new PgDb({ url: ref.url, readOnly: false, statementTimeoutMs: 0 });
      try {
        await migrate(refDb);
        const fraction = Math.min(1, 25_000 / out.full.rows);
        log(`${scale.label}: row-by-row reference (${(fraction * 100).toFixed(1)} % of the rows)…`);
        out.fullRowByRow = await timeRowByRow(admin, { source, target: refDb, sourceName: src.database, targetName: ref.name }, { mode: 'full', fraction, loaded: target });
        log(`${scale.label}: row by row ≈ ${(out.fullRowByRow.ms / 1000).toFixed(0)} s`);
      } finally {
        await refDb.close();
        await dropDatabase(args.server, ref.name);
      }
      // COPY pipe into another empty schema (as the migrations create it).
      const pipeDb = await freshReporting(args.server, `clearsight_bench_${scale.key}_pipe`);
      const pdb = new PgDb({ url: pipeDb.url, readOnly: false });
      await migrate(pdb);
      await pdb.close();
      const c = { source: await rawClient(src.url), reporting: await rawClient(rep.url), target: await rawClient(pipeDb.url) };
      try {
        log(`${scale.label}: COPY pipe reference…`);
        out.fullPipe = await timeCopyPipe(admin, { ...c, sourceName: src.database, reportingName: rep.name, targetName: pipeDb.name }, { since: null, intoFreshTables: false });
        log(`${scale.label}: COPY pipe ${(out.fullPipe.ms / 1000).toFixed(1)} s`);
      } finally {
        await Promise.all([c.source.end(), c.reporting.end(), c.target.end()]);
        await dropDatabase(args.server, pipeDb.name);
      }
      if (scale.key === 's' || scale.key === 'q') {
        log(`${scale.label}: full ETL again over the loaded schema (reload)…`);
        out.reload = await timeOurs(admin, names, { mode: 'full' });
        log(`${scale.label}: reload ${(out.reload.ms / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    await source.close();
    await target.close();
  }
  // The incrementals on a settled database too: a 15-minute schedule meets the tables after
  // autovacuum has processed the first load (minutes later), not in the seconds after it, when
  // none of their pages is marked all-visible yet (an index-only scan then reads the heap).
  await settle(rep.url);
  const inc = await incrementals(args, admin, src, rep, layout, references);
  out.incremental = inc.runs;
  out.incrementalIndexed = inc.indexedRuns;
  out.incrementalCheckpointed = inc.checkpointedRuns;
  if (inc.warmRuns.length) out.incrementalWarm = inc.warmRuns;
  out.osCache = inc.osCache;
  out.incrementalRowByRow = inc.rowByRow;
  out.incrementalPipe = inc.pipe;
  out.incrementalPlans = inc.plans;
  out.incrementalPlanRows = inc.planRows;
  // The clicks on a settled database, as readers meet it between loads: what the loads above left
  // for autovacuum (the first load's millions of new rows) vacuumed and flushed first, so that its
  // work does not land in the middle of the samples.
  await settle(rep.url);
  log(`${scale.label} ${layout}: per-click latency (${args.samples} samples)…`);
  out.clicks = await clicksInChild(await clickConfig(src, rep.url, args.samples, true, layout === 'partitioned'));
  return out;
}

async function mainApi(args: Args): Promise<void> {
  const results = [];
  for (const key of args.scales) {
    const src = await ensureSource(args.server, SCALES[key], { fresh: args.fresh, log });
    log(`${src.scale.label}: HTTP API (comparison over the loopback, 1,000 requests)…`);
    results.push(await benchApi(args.server, src, log));
  }
  const md = results.map(renderApi).join('\n');
  const dir = args.quick ? join(__dirname, 'data') : __dirname;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, args.quick ? 'quick-api-results.md' : 'api-results.md'), md);
  writeFileSync(join(dir, args.quick ? 'quick-api-results.json' : 'api-results.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), loadAverage: loadAverage(), results }, null, 2)}\n`);
  console.log(md);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.api) return mainApi(args);
  const started = performance.now();
  const admin = await rawClient(args.server, 'clearsight-bench-admin');
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    quick: args.quick,
    machine: await machine(admin),
    scales: [],
    durationSec: 0,
  };
  try {
    for (const key of args.scales) {
      const scale = SCALES[key];
      const src = await ensureSource(args.server, scale, { fresh: args.fresh, log });
      const r: ScaleResult = { scale, counts: src.counts, seeded: src.seeded, seedMs: src.seedMs, layouts: [] };
      r.layouts.push(await benchLayout(args, admin, src, 'plain', true));
      if (args.partitioned && (key === '4s' || key === 'q')) r.layouts.push(await benchLayout(args, admin, src, 'partitioned', false));
      results.scales.push(r);
    }
  } finally {
    await admin.end();
  }
  results.durationSec = Math.round((performance.now() - started) / 1000);
  // The summary (results.md) is committed; the raw figures and the plans are generated into the ignored bench/data/.
  const data = join(__dirname, 'data');
  const dir = args.quick ? data : __dirname;
  mkdirSync(data, { recursive: true });
  const md = renderResults(results);
  writeFileSync(join(dir, args.quick ? 'quick-results.md' : 'results.md'), md);
  writeFileSync(join(data, args.quick ? 'quick-results.json' : 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(data, args.quick ? 'quick-explain.md' : 'explain.md'), renderExplain(results));
  console.log(md);
  log(`done in ${results.durationSec} s; load average now ${loadAverage()}`);
}

async function machine(admin: Client): Promise<BenchResults['machine']> {
  const os = await import('node:os');
  const v = await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  const settings = await admin.query<{ name: string; value: string }>(
    "SELECT name, current_setting(name) AS value FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'synchronous_commit')",
  );
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: v.rows[0].v,
    settings: Object.fromEntries(settings.rows.map((s) => [s.name, s.value])),
    loadAverageAtStart: loadAverage(),
    reclaim: proactiveReclaim(),
  };
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
