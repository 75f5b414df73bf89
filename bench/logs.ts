/**
 * `npm run bench:logs -- --load`: loading a generated log file (the same generator; 1 GiB is
 * about 7.7 million records) into reporting.fact_cloudwatch_log on a PostgreSQL server with the
 * log load (src/etl/logs, in a child process: wall, CPU, rows/s, peak RSS), then a plain
 * `COPY` of the same rows into a copy of the table (same indexes) as the floor. The 3,000 runs
 * the records name are in dim_run, so records are resolved as they go in. Writes
 * bench/logs-load-results.md.
 *
 *   npm run bench:logs -- --load [--size-mb 1024] [--server postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * `npm run bench:logs`: searching 1 GB of local logs for one run (the issue's goal: under
 * 3 s on 2 cores, with flat memory). Generates the file in a temporary folder (about
 * 9 million engine lines of 3,000 runs, Python logging format, tracebacks on failures;
 * the target run's 40 records, 8 with tracebacks, spread through the file), then searches
 * it `--runs` times (default 3) in a child process each, and reports wall time, CPU time,
 * records found and the child's resident memory (before, peak, samples every 100 ms).
 *
 *   npm run bench:logs [-- --size-mb 1024] [--runs 3] [--keep]
 *
 * Writes bench/logs-results.md. A benchmark, not a test: it never fails on a time.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAverage } from './lib/cpu';
import { pipe } from './lib/copyPipe';
import { createDatabase, DEFAULT_SERVER_URL, dropDatabase, engineDb, rawClient } from './lib/pg';
import { migrate } from '../src/etl/migrate';

const TARGET = { run: '3f2a1b4c-1111-4222-8333-444455556666', req: '9e2a1b4c-aaaa-4222-8333-444455556666', scenario: '5c2a1b4c-bbbb-4222-8333-444455556666' };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function uuid(n: number): string {
  const h = n.toString(16).padStart(12, '0');
  return `7d2a${h.slice(0, 4)}-cccc-4222-8333-${h}`;
}

const TRACE = [
  'Traceback (most recent call last):',
  '  File "/opt/clearsight/engine/runner.py", line 148, in run_node',
  '    result = node.evaluate(inputs, context)',
  '  File "/opt/clearsight/engine/nodes/calculation.py", line 222, in evaluate',
  '    return eligible * share / denominator',
  'ZeroDivisionError: division by zero',
].join('\n');

async function generate(file: string, bytes: number): Promise<{ lines: number }> {
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  const start = Date.parse('2026-03-01T00:00:00Z');
  const targetAt = start + 12 * 3600_000;
  let written = 0;
  let lines = 0;
  let t = start;
  let i = 0;
  let targetLeft = 40;
  const every = Math.floor(bytes / 41);
  let nextTarget = every;
  const ts = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  while (written < bytes) {
    const chunk: string[] = [];
    for (let k = 0; k < 20000; k++, i++) {
      t += 9;
      const run = uuid(i % 3000);
      let line: string;
      if (i % 5000 === 0) line = `${ts(t)} ERROR [engine.calc] run=${run} node 'Net revenue' (calculation) failed\n${TRACE}\n`;
      else if (i % 7 === 0) line = `${ts(t)} INFO [engine.run] run ${run} started: model 'Oncology 2L', scenario 'Budget ${i % 3000}', 42 node(s) to calculate\n`;
      else line = `${ts(t)} DEBUG [engine.calc] run=${run} node 'Node ${i % 97}' (calculation) calculated in ${(i % 5000) / 1000} s\n`;
      chunk.push(line);
      lines += 1 + (line.split('\n').length - 2);
    }
    if (written >= nextTarget && targetLeft > 0) {
      // The target run's records: inside its window (they carry its own time).
      const at = targetAt + (40 - targetLeft) * 1000;
      const failed = targetLeft % 5 === 0;
      chunk.push(
        failed
          ? `${ts(at)} ERROR [engine.calc] run=${TARGET.run} node 'Treated patients' failed (request ${TARGET.req})\n${TRACE}\n`
          : `${ts(at)} INFO [engine.run] run ${TARGET.run} step ${40 - targetLeft} of scenario ${TARGET.scenario}\n`,
      );
      targetLeft--;
      nextTarget += every;
    }
    const text = chunk.join('');
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return { lines };
}

function textArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const LOG_COLUMNS =
  'log_key, log_timestamp, log_level, message, stack_trace, correlation_id, scenario_id, run_id, request_id, error_category, error_category_detail, log_source, log_group, log_stream, origin, line_number, metadata, record_ids';

/** The log load against a plain COPY of the same rows, on a PostgreSQL server. */
async function loadBench(): Promise<void> {
  const sizeMb = arg('--size-mb', 1024);
  const server = textArg('--server', process.env.CLEARSIGHT_BENCH_SERVER_URL ?? DEFAULT_SERVER_URL);
  const dir = mkdtempSync(join(tmpdir(), 'clearsight-logs-load-'));
  const file = join(dir, 'engine.log');
  const url = await createDatabase(server, 'clearsight_bench_logs');
  try {
    const g0 = Date.now();
    const { lines } = await generate(file, sizeMb * 1048576);
    const size = statSync(file).size;
    console.log(`generated ${(size / 1048576).toFixed(0)} MiB, ${lines.toLocaleString('en-US')} lines in ${((Date.now() - g0) / 1000).toFixed(1)} s`);
    const db = engineDb(url, false);
    try {
      await migrate(db);
      // The runs the records name (uuid(n) of the generator), one scenario each.
      await db.exec(`
        INSERT INTO reporting.dim_scenario (scenario_id, scenario_name, scenario_status, model_id, model_name, created_at)
        SELECT ('5c2a' || substr(h, 1, 4) || '-dddd-4222-8333-' || h)::uuid, 'Budget ' || n, 'draft', '00000000-0000-4000-8000-000000000001', 'Oncology 2L', '2026-02-01'
          FROM generate_series(0, 2999) n, LATERAL (SELECT lpad(to_hex(n), 12, '0') AS h) x;
        INSERT INTO reporting.dim_run (run_id, scenario_id, run_status, run_at, run_complete_at)
        SELECT ('7d2a' || substr(h, 1, 4) || '-cccc-4222-8333-' || h)::uuid, ('5c2a' || substr(h, 1, 4) || '-dddd-4222-8333-' || h)::uuid, 'success', '2026-03-01', '2026-03-02'
          FROM generate_series(0, 2999) n, LATERAL (SELECT lpad(to_hex(n), 12, '0') AS h) x;
        ANALYZE reporting.dim_run; ANALYZE reporting.dim_scenario;`);
    } finally {
      await db.close();
    }
    const load = loadAverage();
    const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'logsChild.ts'), 'load', url, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const res = JSON.parse(out) as { ms: number; cpuMs: number; read: number; loaded: number; warnings: string[]; rssBeforeMB: number; maxRssMB: number };
    if (res.warnings.length > 0) console.log(`warnings: ${res.warnings.join('; ')}`);
    console.log(`log load: ${res.loaded.toLocaleString('en-US')} records in ${(res.ms / 1000).toFixed(1)} s (${Math.round(res.loaded / (res.ms / 1000)).toLocaleString('en-US')} rows/s), CPU ${(res.cpuMs / 1000).toFixed(1)} s, RSS ${res.rssBeforeMB} → peak ${res.maxRssMB} MiB, load ${load}`);
    // The floor: the same rows, COPY out piped into COPY in of a table with the same indexes.
    const from = await rawClient(url);
    const to = await rawClient(url);
    let copyMs = 0;
    let copied = 0;
    try {
      await to.query('CREATE TABLE reporting.fact_cloudwatch_log_copy (LIKE reporting.fact_cloudwatch_log INCLUDING ALL)');
      const t0 = performance.now();
      copied = await pipe(from, `SELECT ${LOG_COLUMNS} FROM reporting.fact_cloudwatch_log`, [], to, `COPY reporting.fact_cloudwatch_log_copy (${LOG_COLUMNS}) FROM STDIN`);
      copyMs = Math.round(performance.now() - t0);
    } finally {
      await from.end();
      await to.end();
    }
    console.log(`plain COPY: ${copied.toLocaleString('en-US')} rows in ${(copyMs / 1000).toFixed(1)} s (${Math.round(copied / (copyMs / 1000)).toLocaleString('en-US')} rows/s)`);
    const md = [
      '# Loading logs into fact_cloudwatch_log',
      '',
      `${(size / 1048576).toFixed(0)} MiB plain-text engine log, ${lines.toLocaleString('en-US')} lines, ${res.read.toLocaleString('en-US')} records (3,000 runs, all in dim_run; tracebacks every 5,000 records), loaded by the log load (\`loadLogs\`, batches of 5,000 records, one transaction each, in a child process) into an empty \`reporting.fact_cloudwatch_log\` on PostgreSQL, then the same rows with a plain \`COPY\` (COPY out piped into COPY in) into a table with the same indexes. ${cpus().length} cores (${cpus()[0]?.model ?? ''}), load average ${load} at the start (other work on the machine).`,
      '',
      '| | rows | time | rows/s | CPU | peak RSS |',
      '| --- | --- | --- | --- | --- | --- |',
      `| log load (read, parse, resolve, insert) | ${res.loaded.toLocaleString('en-US')} | ${(res.ms / 1000).toFixed(1)} s | ${Math.round(res.loaded / (res.ms / 1000)).toLocaleString('en-US')} | ${(res.cpuMs / 1000).toFixed(1)} s | ${res.maxRssMB} MiB (${res.rssBeforeMB} MiB at start) |`,
      `| plain COPY of the same rows | ${copied.toLocaleString('en-US')} | ${(copyMs / 1000).toFixed(1)} s | ${Math.round(copied / (copyMs / 1000)).toLocaleString('en-US')} | (server) | — |`,
      '',
    ].join('\n');
    writeFileSync(join(__dirname, 'logs-load-results.md'), md);
    console.log('wrote bench/logs-load-results.md');
  } finally {
    if (!process.argv.includes('--keep')) {
      rmSync(dir, { recursive: true, force: true });
      await dropDatabase(server, 'clearsight_bench_logs');
    }
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--load')) return loadBench();
  const sizeMb = arg('--size-mb', 1024);
  const runs = arg('--runs', 3);
  const dir = mkdtempSync(join(tmpdir(), 'clearsight-logs-bench-'));
  const file = join(dir, 'engine.log');
  try {
    const g0 = Date.now();
    const { lines } = await generate(file, sizeMb * 1048576);
    const size = statSync(file).size;
    console.log(`generated ${(size / 1048576).toFixed(0)} MiB, ${lines.toLocaleString('en-US')} lines in ${((Date.now() - g0) / 1000).toFixed(1)} s: ${file}`);
    const results: Array<Record<string, unknown>> = [];
    for (let r = 0; r < runs; r++) {
      const load = loadAverage();
      const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'logsChild.ts'), file, TARGET.run, TARGET.req, TARGET.scenario, '2026-03-01T12:00:00Z', '2026-03-01T12:01:00Z'], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      const res = { ...JSON.parse(out), load };
      results.push(res);
      console.log(`run ${r + 1}: ${res.ms} ms wall, ${res.cpuMs} ms CPU, ${res.found} records (${res.stacks} with stacks), RSS ${res.rssBeforeMB} → peak ${res.maxRssMB} MiB, load ${load}`);
    }
    const walls = results.map((r) => r.ms as number).sort((a, b) => a - b);
    const median = walls[Math.floor(walls.length / 2)];
    const md = [
      '# Searching local logs for one run',
      '',
      `${(size / 1048576).toFixed(0)} MiB plain-text engine log, ${lines.toLocaleString('en-US')} lines (3,000 runs; tracebacks every 5,000 records), the target run's 40 records (8 with a 6-line traceback) spread through it; \`FileLogSource\` search by the run, request and scenario ids within the run's window ± 10 min, in a child process, ${runs} runs. ${cpus().length} cores (${cpus()[0]?.model ?? ''}); load average shown per run (other work on the machine).`,
      '',
      '| run | wall | CPU | records found | with stack | RSS before | peak RSS | load |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.map((r, i) => `| ${i + 1} | ${r.ms} ms | ${r.cpuMs} ms | ${r.found} | ${r.stacks} | ${r.rssBeforeMB} MiB | ${r.maxRssMB} MiB | ${r.load} |`),
      '',
      `Median wall time: **${median} ms** (goal: under 3,000 ms). Memory: peak RSS minus RSS at start ${results.map((r) => `${Math.round(((r.maxRssMB as number) - (r.rssBeforeMB as number)) * 10) / 10} MiB`).join(', ')} for a ${(size / 1048576).toFixed(0)} MiB file (read in 1 MiB chunks; only the records around an id hit are decoded).`,
      '',
    ].join('\n');
    writeFileSync(join(__dirname, 'logs-results.md'), md);
    console.log(`median ${median} ms; wrote bench/logs-results.md`);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
