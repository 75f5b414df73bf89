/**
 * The demo's engine logs: what ClearSight's calculation engine and its workers would have
 * logged for every run of the demo data, generated deterministically from it, so Run
 * Diagnostics and `clearsight-rca logs --demo` show real lines with no set-up.
 *
 * - `engine.log`: the engine (Python `logging`, `%(asctime)s %(levelname)s [%(name)s]
 *   %(message)s`, UTC): request accepted (request, scenario and run ids), run started,
 *   each node calculated, failures with their Python traceback, watchdog warnings for
 *   timeouts, run finished; for the stories no input caused, what the supervisor,
 *   Kubernetes and the results store logged (OOM kill, dropped connection). The last 14
 *   days of the demo.
 * - `worker.jsonl`: the calc workers, JSON lines (`timestamp`, `level`, `logger`, `msg`,
 *   ids, `exc_info` holding the traceback of a failure).
 * - `archive/engine-before-<date>.log.gz`: the engine's older lines, gzip-compressed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { calcsByRun, type DemoData } from './rows';

export interface DemoLogFile {
  /** Path relative to the logs folder, `/`-separated. */
  path: string;
  content: Buffer;
}

const DAY_MS = 86_400_000;

/** `2026-03-01T10:00:00.123456Z` → `2026-03-01 10:00:00,123` (Python logging's asctime). */
function asctime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${(iso.slice(20, 23) || '000').padEnd(3, '0')}`;
}

function ms(iso: string): number {
  return Date.parse(iso);
}

/** A small stable number from a text (line numbers, worker names). */
function stable(text: string, mod: number): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0) % mod;
}

function plusMs(iso: string, delta: number): string {
  return new Date(ms(iso) + delta).toISOString();
}

/** The Python traceback the engine logs for a failure (its last line is the fail reason). */
export function pythonTraceback(failReason: string, nodeName: string, nodeType: string): string {
  const cls = /^([A-Z][A-Za-z]+(?:Error|Exception))\b/.exec(failReason)?.[1] ?? 'RuntimeError';
  const module = nodeType.toLowerCase().replace(/[^a-z0-9]+/g, '_') || 'node';
  const frames: string[] = [
    '  File "/opt/clearsight/engine/runner.py", line 148, in run_node',
    '    result = node.evaluate(inputs, context)',
    `  File "/opt/clearsight/engine/nodes/${module}.py", line ${40 + stable(nodeName, 260)}, in evaluate`,
  ];
  switch (cls) {
    case 'ZeroDivisionError':
      frames.push('    return eligible * share / denominator');
      break;
    case 'KeyError': {
      // The line that raised names the missing key (`KeyError: 'region_code'`), or indexes by position (`KeyError: 0`).
      const key = /^KeyError: '([^']+)'/.exec(failReason)?.[1];
      frames.push(key ? `    code = mapping[region][${JSON.stringify(key)}]` : '    value = series[i]');
      break;
    }
    case 'TypeError':
      frames.push('    value = inputs[name] * factor');
      break;
    case 'ValidationError':
    case 'SchemaError':
      frames.push('    self.schema.validate(inputs)', '  File "/opt/clearsight/engine/validation.py", line 77, in validate', '    raise ValidationError(message)');
      break;
    case 'DatabaseError':
      frames.push(
        '    store.write_results(run_id, node.id, result)',
        '  File "/opt/clearsight/engine/store.py", line 203, in write_results',
        '    cursor.execute(INSERT_RESULTS, rows)',
        '  File "/usr/local/lib/python3.11/site-packages/psycopg2/extras.py", line 146, in execute',
        '    return super().execute(query, vars)',
      );
      break;
    case 'MemoryError':
      frames.push('    matrix = numpy.zeros((cohort, horizon, strata))');
      break;
    case 'ConnectionError':
      frames.push('    return self.pool.submit(node, inputs).result()', '  File "/opt/clearsight/engine/pool.py", line 58, in result', '    raise ConnectionError(f"lost connection to calc worker {w}")');
      break;
    default:
      frames.push('    return self.compute(inputs)');
  }
  return ['Traceback (most recent call last):', ...frames, failReason].join('\n');
}

interface Line {
  t: number;
  seq: number;
  text: string;
}

/**
 * The demo's log files for `data`. `now` is the demo's end (the latest run): lines older
 * than 14 days before it go to the gzip archive.
 */
export function demoLogFiles(data: DemoData): DemoLogFile[] {
  const scenarios = new Map(data.scenarios.map((s) => [s.id, s]));
  const models = new Map(data.models.map((m) => [m.id, m]));
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const calcsOf = calcsByRun(data.nodeCalcs);
  const engine: Line[] = [];
  const worker: Line[] = [];
  let seq = 0;
  const eng = (iso: string, level: string, logger: string, message: string): void => {
    engine.push({ t: ms(iso), seq: seq++, text: `${asctime(iso)} ${level} [${logger}] ${message}` });
  };
  const wrk = (iso: string, record: Record<string, unknown>): void => {
    const ts = new Date(ms(iso)).toISOString();
    worker.push({ t: ms(iso), seq: seq++, text: JSON.stringify({ timestamp: ts, ...record }) });
  };

  const runs = [...data.runs].sort((a, b) => ms(a.run_at) - ms(b.run_at) || (a.id < b.id ? -1 : 1));
  let latest = 0;
  for (const run of runs) latest = Math.max(latest, ms(run.run_complete_at ?? run.run_at));

  for (const run of runs) {
    const scen = scenarios.get(run.scenario_id);
    const model = scen ? models.get(scen.model_id) : undefined;
    const workerName = `calc-${1 + stable(run.id, 12)}`;
    const calcs = (calcsOf.get(run.id) ?? []).filter((c) => c.processing_start_at !== null);
    const accepted = plusMs(run.run_at, -180);
    eng(
      accepted,
      'INFO',
      'engine.api',
      `POST /v1/scenarios/${run.scenario_id}/runs accepted request_id=${run.run_req_id ?? '-'} run_id=${run.id} user=${run.run_by ?? '-'}`,
    );
    if (run.run_status === 'queued') {
      eng(plusMs(run.run_at, 5), 'INFO', 'engine.queue', `run ${run.id} queued (position ${1 + stable(run.id, 4)})`);
      continue;
    }
    eng(run.run_at, 'INFO', 'engine.run', `run ${run.id} started: model '${model?.model_display_name ?? '?'}', scenario '${scen?.scenario_display_name ?? '?'}', ${calcs.length} node(s) to calculate`);
    wrk(plusMs(run.run_at, 40), { level: 'info', logger: 'calc.worker', worker: workerName, msg: 'picked up request', request_id: run.run_req_id, run_id: run.id, scenario_id: run.scenario_id });
    for (const c of calcs) {
      const node = nodes.get(c.model_node_id);
      const name = node?.node_display_name ?? c.model_node_id;
      const type = node?.node_type ?? 'node';
      const end = c.processing_end_at ?? c.processing_start_at!;
      if (c.status === 'success') {
        eng(end, 'DEBUG', 'engine.calc', `run=${run.id} node '${name}' (${type}) calculated in ${(c.processing_duration ?? 0).toFixed(3)} s`);
      } else if (c.status === 'failed') {
        const reason = c.fail_reason ?? 'calculation failed';
        if (run.run_status === 'timeout') {
          eng(plusMs(c.processing_start_at!, 600_000), 'WARNING', 'engine.watchdog', `run=${run.id} node '${name}' still running after 600 s (limit 900 s)`);
          eng(end, 'ERROR', 'engine.watchdog', `run=${run.id} node '${name}' cancelled: ${reason}`);
          wrk(plusMs(end, 15), { level: 'warning', logger: 'calc.worker', worker: workerName, msg: `evaluation of node '${name}' cancelled by the watchdog`, run_id: run.id, node: name });
        } else {
          const tb = pythonTraceback(reason, name, type);
          eng(end, 'ERROR', 'engine.calc', `run=${run.id} node '${name}' (${type}) failed\n${tb}`);
          wrk(plusMs(end, -5), { level: 'error', logger: 'calc.worker', worker: workerName, msg: `node evaluation failed: ${reason}`, run_id: run.id, request_id: run.run_req_id, node: name, exc_info: tb });
        }
      }
    }
    if (run.run_status === 'running' || !run.run_complete_at) continue;
    const took = ((ms(run.run_complete_at) - ms(run.run_at)) / 1000).toFixed(1);
    if (run.run_status === 'success') eng(run.run_complete_at, 'INFO', 'engine.run', `run ${run.id} finished: success in ${took} s`);
    else eng(run.run_complete_at, 'ERROR', 'engine.run', `run ${run.id} finished: ${run.run_status} after ${took} s: ${run.fail_reason ?? ''}`);
  }

  // What the platform logged for the stories no input caused (OOM kill, dropped connection).
  for (const p of (data.stories as DemoData['stories'] | undefined)?.platform ?? []) {
    for (const l of p.log) eng(l.at, l.level, l.logger, l.message);
  }

  const byTime = (a: Line, b: Line): number => a.t - b.t || a.seq - b.seq;
  engine.sort(byTime);
  worker.sort(byTime);
  const cutoff = latest - 14 * DAY_MS;
  const recent = engine.filter((l) => l.t >= cutoff);
  const old = engine.filter((l) => l.t < cutoff);
  const text = (lines: Line[]): string => (lines.length ? `${lines.map((l) => l.text).join('\n')}\n` : '');
  const files: DemoLogFile[] = [
    { path: 'engine.log', content: Buffer.from(text(recent)) },
    { path: 'worker.jsonl', content: Buffer.from(text(worker)) },
  ];
  if (old.length > 0) {
    const day = new Date(cutoff).toISOString().slice(0, 10);
    files.push({ path: `archive/engine-before-${day}.log.gz`, content: gzipSync(Buffer.from(text(old)), { level: 9 }) });
  }
  return files;
}

/**
 * Writes the demo's logs into `<demoDir>/logs` unless they are there for this demo data
 * (`.fingerprint`); returns the folder. Written to a temporary folder and renamed, so a
 * reader never sees half the files.
 */
export function ensureDemoLogs(demoDir: string, fingerprint: string, data: () => DemoData): string {
  const dir = join(demoDir, 'logs');
  const mark = join(dir, '.fingerprint');
  if (existsSync(mark) && readFileSync(mark, 'utf8') === fingerprint) return dir;
  const tmp = join(demoDir, `logs.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const f of demoLogFiles(data())) {
    const abs = join(tmp, ...f.path.split('/'));
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, f.content);
  }
  writeFileSync(join(tmp, '.fingerprint'), fingerprint);
  if (existsSync(mark) && readFileSync(mark, 'utf8') === fingerprint) {
    rmSync(tmp, { recursive: true, force: true }); // another process won the race
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}
