/**
 * `npm run bench -- --api`: the HTTP API of a real `clearsight-rca serve` process over the
 * loopback at a scale: `GET /rca/scenario/{id}/run-comparison` (last success vs first failure,
 * the culprit ranking and the verdict) timed from the client, and the process's resident memory sampled over
 * 1,000 requests (flat = no growth per request). The reporting schema is loaded once into
 * its own database (`clearsight_bench_<scale>_api`), then reused. Then the design's seven
 * `/rca` endpoints, RCA_REQUESTS sequential requests each over sample ids (goal: p95 ≤ 50 ms
 * each); they read the audit layer's facts, which are as full as the ETL has made them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PgDb } from '../../src/db/pgDb';
import { runEtl } from '../../src/etl/etl';
import { createDatabase, databaseComment, databaseExists, rawClient, setDatabaseComment, withDatabase } from './pg';
import type { Source } from './source';
import { summarize, type Summary } from './stats';

export interface ApiBenchResult {
  scale: string;
  scenarios: number;
  requests: number;
  comparison: Summary;
  /** The first request of each scenario (nothing cached anywhere in our process). */
  firstPerScenario: Summary;
  /** Resident set and JS heap after a full collection (MB), every 100 requests. */
  memory: Array<{ after: number; rssMb: number; heapMb: number }>;
  /** Heap growth after a full collection from request 200 to the last (MB): the flatness figure. */
  heapGrowthMb: number;
  rssGrowthMb: number;
  errors: number;
  /** The seven /rca endpoints: client-side latency and non-200 answers per route. */
  rca: Array<{ route: string; summary: Summary; errors: number }>;
}

/** Requests per /rca route. */
const RCA_REQUESTS = 200;

/** The seven /rca routes, each as a URL over the sample ids (request i). */
function rcaRoutes(ids: { scenarios: string[]; runs: string[]; users: string[] }): Array<[string, (i: number) => string]> {
  const at = <T>(list: T[], i: number): T => list[i % list.length];
  return [
    ['GET /rca/scenario/{id}/audit-trail', (i) => `/rca/scenario/${at(ids.scenarios, i)}/audit-trail`],
    ['GET /rca/scenario/{id}/state-changes', (i) => `/rca/scenario/${at(ids.scenarios, i)}/state-changes`],
    ['GET /rca/user/{id}/journey', (i) => `/rca/user/${encodeURIComponent(at(ids.users, i))}/journey`],
    ['GET /rca/run/{id}/diagnostics', (i) => `/rca/run/${at(ids.runs, i)}/diagnostics`],
    ['GET /rca/scenario/{id}/run-comparison', (i) => `/rca/scenario/${at(ids.scenarios, i)}/run-comparison`],
    ['GET /rca/errors/top-categories', (i) => `/rca/errors/top-categories${i % 2 ? '?since=2026-01-01' : ''}`],
    ['GET /rca/scenario/{id}/error-summary', (i) => `/rca/scenario/${at(ids.scenarios, i)}/error-summary`],
  ];
}

/** Failed runs and users to ask about (the scenarios are those of the comparison). */
async function rcaIds(url: string, n: number): Promise<{ runs: string[]; users: string[] }> {
  const c = await rawClient(url);
  try {
    const runs = await c.query<{ id: string }>(`SELECT run_id AS id FROM reporting.dim_run WHERE run_status IN ('failed', 'timeout') ORDER BY md5(run_id::text) LIMIT $1`, [n]);
    const users = await c.query<{ id: string }>('SELECT user_id AS id FROM reporting.dim_user ORDER BY user_id LIMIT $1', [n]);
    return { runs: runs.rows.map((r) => r.id), users: users.rows.map((r) => r.id) };
  } finally {
    await c.end();
  }
}

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** Asks the probe in `serve` (bench/lib/gcProbe.cjs) for its memory after a full collection. */
function probe(child: ChildProcess, lines: Array<(text: string) => void>): Promise<{ rssMb: number; heapMb: number }> {
  return new Promise((resolve) => {
    lines.push((text) => {
      const m = JSON.parse(text) as { heapUsed: number; rss: number };
      resolve({ rssMb: Math.round(m.rss / 1048576), heapMb: Math.round((m.heapUsed / 1048576) * 10) / 10 });
    });
    child.kill('SIGUSR2');
  });
}

async function ensureReporting(server: string, src: Source, log: (m: string) => void): Promise<string> {
  const name = `${src.database}_api`;
  const url = withDatabase(server, name);
  const tag = `api:${(await databaseComment(server, src.database)) ?? ''}`;
  if ((await databaseExists(server, name)) && (await databaseComment(server, name)) === tag) return url;
  await createDatabase(server, name);
  const source = new PgDb({ url: src.url, readOnly: true, statementTimeoutMs: 0 });
  const target = new PgDb({ url, readOnly: false, statementTimeoutMs: 0 });
  try {
    log(`${src.scale.label}: loading ${name} for the API bench…`);
    await runEtl({ source, target, mode: 'full' });
  } finally {
    await source.close();
    await target.close();
  }
  await setDatabaseComment(server, name, tag);
  return url;
}

/** Scenarios with a success followed by a failure (what a comparison answers). */
async function comparableScenarios(url: string, n: number): Promise<string[]> {
  const c = await rawClient(url);
  try {
    const r = await c.query<{ scenario_id: string }>(
      `SELECT s.scenario_id FROM reporting.dim_scenario s
        WHERE s.failed_runs > 0 AND s.runs > s.failed_runs
          AND EXISTS (SELECT 1 FROM reporting.dim_run f JOIN reporting.dim_run ok ON ok.scenario_id = f.scenario_id AND ok.run_at < f.run_at AND ok.run_status = 'success'
                       WHERE f.scenario_id = s.scenario_id AND f.run_status IN ('failed', 'timeout'))
        ORDER BY md5(s.scenario_id::text) LIMIT $1`,
      [n],
    );
    return r.rows.map((x) => x.scenario_id);
  } finally {
    await c.end();
  }
}

async function startServe(prod: string, reporting: string, log: (m: string) => void, probes: Array<(text: string) => void>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--expose-gc', '-r', join(__dirname, 'gcProbe.cjs'), CLI, 'serve', '--prod', prod, '--reporting', reporting, '--port', '0', '--every', '1440', '--rate-limit', '1000000', '--statement-timeout', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CLEARSIGHT_PROD_URL: '', CLEARSIGHT_REPORTING_URL: '' },
  });
  let out = '';
  let port = 0;
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      for (const line of d.toString('utf8').split('\n')) {
        if (line.startsWith('gc-probe ')) probes.shift()?.(line.slice('gc-probe '.length));
        else if (line.trim()) log(`serve: ${line.trim()}`);
      }
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      for (const line of out.split('\n')) {
        if (!line.trim()) continue;
        const e = JSON.parse(line) as { event: string; port?: number };
        if (e.event === 'http_listen') port = e.port!;
        // Measure once the startup incremental is done (no ETL in the way).
        if ((e.event === 'etl_done' || e.event === 'etl_failed') && port) resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { child, port };
}

export async function benchApi(server: string, src: Source, log: (m: string) => void, requests = 1000): Promise<ApiBenchResult> {
  const reporting = await ensureReporting(server, src, log);
  const scenarios = await comparableScenarios(reporting, 50);
  if (scenarios.length === 0) throw new Error('no scenario with a success followed by a failure');
  const probes: Array<(text: string) => void> = [];
  const { child, port } = await startServe(src.url, reporting, log, probes);
  const times: number[] = [];
  const firsts: number[] = [];
  const memory: ApiBenchResult['memory'] = [{ after: 0, ...(await probe(child, probes)) }];
  let errors = 0;
  const rca: ApiBenchResult['rca'] = [];
  const { runs, users } = await rcaIds(reporting, 50);
  try {
    for (let i = 0; i < requests; i++) {
      const id = scenarios[i % scenarios.length];
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/rca/scenario/${id}/run-comparison`);
      const body = (await res.json()) as { comparable?: boolean };
      const ms = performance.now() - t0;
      if (res.status !== 200 || body.comparable !== true) errors++;
      times.push(ms);
      if (i < scenarios.length) firsts.push(ms);
      if ((i + 1) % 100 === 0) memory.push({ after: i + 1, ...(await probe(child, probes)) });
    }
    for (const [route, url] of rcaRoutes({ scenarios, runs, users })) {
      const t: number[] = [];
      let bad = 0;
      for (let i = 0; i < RCA_REQUESTS; i++) {
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${url(i)}`);
        await res.arrayBuffer();
        t.push(performance.now() - t0);
        if (res.status !== 200) bad++;
      }
      rca.push({ route, summary: summarize(t), errors: bad });
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  const at200 = memory.find((r) => r.after === 200) ?? memory[0];
  const last = memory[memory.length - 1];
  return {
    scale: src.scale.label,
    scenarios: scenarios.length,
    requests,
    comparison: summarize(times),
    firstPerScenario: summarize(firsts),
    memory,
    heapGrowthMb: Math.round((last.heapMb - at200.heapMb) * 10) / 10,
    rssGrowthMb: last.rssMb - at200.rssMb,
    errors,
    rca,
  };
}

export function renderApi(r: ApiBenchResult): string {
  const f = (s: Summary): string => `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (n = ${s.n})`;
  return [
    `# HTTP API benchmark (${r.scale})`,
    '',
    `\`GET /rca/scenario/{id}/run-comparison\` on a \`clearsight-rca serve\` process over the loopback, ${r.requests} sequential requests over ${r.scenarios} scenarios (each with a success followed by a failure). Goal: p95 ≤ 50 ms; memory flat.`,
    '',
    `- all requests: ${f(r.comparison)}${r.comparison.p95 <= 50 ? ' — within the goal' : ' — OVER the goal'}`,
    `- the first request of each scenario: ${f(r.firstPerScenario)}`,
    `- errors: ${r.errors}`,
    `- serve's memory after a full collection, every 100 requests (JS heap / resident, MB): ${r.memory.map((x) => `${x.after}: ${x.heapMb} / ${x.rssMb}`).join(', ')}`,
    `- growth from request 200 to ${r.requests}: heap ${r.heapGrowthMb} MB, resident ${r.rssGrowthMb} MB${Math.abs(r.heapGrowthMb) <= 2 ? ' — flat' : ' — GROWING'}`,
    '',
    `The design's \`/rca\` endpoints, ${RCA_REQUESTS} sequential requests each (goal: p95 ≤ 50 ms each):`,
    '',
    '| route | p50 | p95 | max | non-200 |',
    '| --- | --- | --- | --- | --- |',
    ...(r.rca ?? []).map((x) => `| \`${x.route}\` | ${x.summary.p50.toFixed(1)} ms | ${x.summary.p95.toFixed(1)} ms${x.summary.p95 <= 50 ? '' : ' (OVER)'} | ${x.summary.max.toFixed(1)} ms | ${x.errors} |`),
    '',
  ].join('\n');
}
