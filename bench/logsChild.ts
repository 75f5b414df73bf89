/**
 * One search of a log file for one run, in its own process so its memory is its own:
 * prints {ms, cpuMs, found, stacks, rssBeforeMB, maxRssMB, rssSamplesMB} as JSON.
 * With `load` first: one log load of the file into a reporting database (URL) instead:
 * prints {ms, cpuMs, read, loaded, rssBeforeMB, maxRssMB, rssSamplesMB}.
 */
import { PgDb } from '../src/db/pgDb';
import { loadLogs } from '../src/etl/logs/load';
import { FileLogSource } from '../src/logs/fileSource';
import { collectRunLogs, runLogQuery } from '../src/logs/search';

const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;

async function load(url: string, file: string): Promise<void> {
  const db = new PgDb({ url, readOnly: false, statementTimeoutMs: 0 });
  const rssBefore = process.memoryUsage().rss;
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), 250);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    const r = await loadLogs(db, { sources: [new FileLogSource([file], '/')] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    process.stdout.write(
      JSON.stringify({
        ms: Math.round(ms),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        read: r.read,
        loaded: r.loaded,
        warnings: r.warnings,
        rssBeforeMB: mb(rssBefore),
        maxRssMB: mb(process.resourceUsage().maxRSS * 1024),
        rssSamplesMB: samples.map(mb),
      }),
    );
  } finally {
    clearInterval(timer);
    await db.close();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'load') return load(process.argv[3], process.argv[4]);
  const [file, runId, reqId, scenarioId, runAt, runEnd] = process.argv.slice(2);
  const rssBefore = process.memoryUsage().rss;
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), 100);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const logs = await collectRunLogs(runLogQuery({ run_id: runId, run_req_id: reqId, scenario_id: scenarioId, run_at: runAt, run_complete_at: runEnd }, 10), [new FileLogSource([file], '/')]);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  process.stdout.write(
    JSON.stringify({
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      found: logs.lines.length,
      stacks: logs.lines.filter((l) => l.stack).length,
      rssBeforeMB: mb(rssBefore),
      maxRssMB: mb(process.resourceUsage().maxRSS * 1024),
      rssSamplesMB: samples.map(mb),
    }),
  );
}

void main();
