/**
 * The operating system's page cache under a database: how much of its files is resident, the
 * files read through once so that all of it is, and whether the kernel pages out memory that
 * sits idle (DAMON's proactive reclaim) whatever the free memory.
 *
 * Why the bench needs it: PostgreSQL's shared_buffers (128 MB by default) hold a fraction of a
 * 4S reporting database (5 GB); a page it must read in costs a few microseconds from the page
 * cache and a disk read from anywhere else. On a machine that pages out what was not touched
 * for a minute, the incremental's random pages of a large history come from the disk, those of
 * a small one (touched by the run before) from memory: the growth then measures the cache, not
 * the SQL. A series with the database's files resident at every scale sets that apart.
 *
 * Linux only, the server on this machine (as the CPU figures already require); without the
 * data directory's files readable or `fincore` (util-linux), the functions return null and the
 * bench leaves the series out.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';

/** The database's relation files (base/<oid>/*), or null when they cannot be read here. */
export async function databaseFiles(admin: Client, database: string): Promise<string[] | null> {
  try {
    const r = await admin.query<{ dir: string; oid: string }>(
      "SELECT current_setting('data_directory') AS dir, oid::text AS oid FROM pg_database WHERE datname = $1",
      [database],
    );
    if (!r.rows[0]) return null;
    const dir = join(r.rows[0].dir, 'base', r.rows[0].oid);
    const files = readdirSync(dir).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
    closeSync(openSync(files[0], 'r'));
    return files;
  } catch {
    return null;
  }
}

/** Share of the files' bytes resident in the page cache (0–1), by `fincore`; null without it. */
export function residentShare(files: readonly string[]): number | null {
  let resident = 0;
  let size = 0;
  try {
    for (let i = 0; i < files.length; i += 200) {
      const out = execFileSync('fincore', ['--bytes', '--raw', '--noheadings', '-o', 'RES,SIZE', ...files.slice(i, i + 200)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      for (const line of out.trim().split('\n')) {
        const [r, s] = line.trim().split(/\s+/).map(Number);
        if (Number.isFinite(r) && Number.isFinite(s)) {
          resident += r;
          size += s;
        }
      }
    }
  } catch {
    return null;
  }
  return size > 0 ? resident / size : null;
}

/** Reads every file through once (into the page cache); bytes read. */
export function readThrough(files: readonly string[]): number {
  const buf = Buffer.allocUnsafe(4 << 20);
  let total = 0;
  for (const f of files) {
    let fd: number;
    try {
      fd = openSync(f, 'r');
    } catch {
      continue; // a file dropped meanwhile (a relation rewritten)
    }
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n <= 0) break;
        total += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  return total;
}

/**
 * The kernel's proactive reclaim, when a DAMON context pages out idle memory: "DAMON pages out
 * memory idle for 60 s or more (…)"; null when there is none (or it cannot be read).
 */
export function proactiveReclaim(): string | null {
  const root = '/sys/kernel/mm/damon/admin/kdamonds';
  const read = (p: string): string => readFileSync(p, 'utf8').trim();
  try {
    for (const k of readdirSync(root).filter((d) => /^\d+$/.test(d))) {
      if (read(join(root, k, 'state')) !== 'on') continue;
      const contexts = join(root, k, 'contexts');
      for (const c of readdirSync(contexts).filter((d) => /^\d+$/.test(d))) {
        const aggrUs = Number(read(join(contexts, c, 'monitoring_attrs', 'intervals', 'aggr_us')));
        const schemes = join(contexts, c, 'schemes');
        for (const s of readdirSync(schemes).filter((d) => /^\d+$/.test(d))) {
          if (read(join(schemes, s, 'action')) !== 'pageout') continue;
          const minAge = Number(read(join(schemes, s, 'access_pattern', 'age', 'min')));
          const seconds = Math.round((minAge * aggrUs) / 1e6);
          const quota = Number(read(join(schemes, s, 'quotas', 'bytes')));
          const per = Number(read(join(schemes, s, 'quotas', 'reset_interval_ms')));
          const rate = quota > 0 && per > 0 ? `, up to ${Math.round(quota / 2 ** 20 / (per / 1000))} MB/s` : '';
          return `the kernel's DAMON pages out memory left idle for ${seconds} s or more, free memory or not (kdamond ${k}, action pageout${rate}): page cache included`;
        }
      }
    }
  } catch {
    return null;
  }
  return null;
}
