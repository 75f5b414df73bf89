/**
 * One search of a log file for one run, in its own process so its memory is its own:
 * prints {ms, cpuMs, found, stacks, rssBeforeMB, maxRssMB, rssSamplesMB} as JSON.
 */
import { FileLogSource } from '../src/logs/fileSource';
import { collectRunLogs, runLogQuery } from '../src/logs/search';

async function main(): Promise<void> {
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
  const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;
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
