/**
 * CPU seconds spent by this process and by the PostgreSQL backends serving it (the server
 * runs on this machine: /proc/<pid>/stat). Wall times on a shared 2-core machine move
 * with whatever else runs; CPU seconds say where the work went.
 */
import { readFileSync } from 'node:fs';
import type { Client } from 'pg';

const TICKS = 100; // USER_HZ on Linux

export function procCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (0-based after the command name)
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds of every backend connected to `database` with `application_name`. */
export async function backendCpu(admin: Client, database: string, applicationName = 'clearsight-rca'): Promise<number> {
  const r = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database, applicationName]);
  let total = 0;
  for (const { pid } of r.rows) total += procCpuSeconds(pid) ?? 0;
  return total;
}

export function nodeCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}
