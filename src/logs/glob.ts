/**
 * File globs for `clearsight.logs.paths` / `--logs-path` (Node 20 has no fs.glob):
 * `*` and `?` within a path segment, `**` across segments, `{a,b}` alternatives and
 * `[…]` character classes; relative patterns are taken from `cwd`, `~/` is the home folder.
 * `.git` and `node_modules` folders are skipped unless the pattern names them.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';

const GLOB_CHARS = /[*?[{]/;
export const MAX_GLOB_FILES = 10_000;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

function escapeRe(c: string): string {
  return c.replace(/[.+^$()|\\/\]]/g, '\\$&');
}

/** One path segment's glob → a regular expression source (no anchors). */
function segmentRe(seg: string): string {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let cls = seg.slice(i + 1, end);
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      const end = seg.indexOf('}', i + 1);
      if (end < 0) {
        out += '\\{';
        continue;
      }
      out += `(?:${seg
        .slice(i + 1, end)
        .split(',')
        .map(segmentRe)
        .join('|')})`;
      i = end;
    } else out += escapeRe(c);
  }
  return out;
}

/** A glob over `/`-separated relative paths → a RegExp matching the whole path. */
export function globToRegExp(glob: string): RegExp {
  const parts = glob.split('/').filter((p) => p !== '');
  let re = '';
  parts.forEach((p, i) => {
    const last = i === parts.length - 1;
    if (p === '**') re += last ? '.*' : '(?:[^/]+/)*';
    else re += segmentRe(p) + (last ? '' : '/');
  });
  return new RegExp(`^${re}$`);
}

/** Splits a pattern into the folder to start from and the glob below it (null: a plain path). */
export function splitGlob(pattern: string, cwd: string): { base: string; glob: string | null } {
  let p = pattern.trim().replace(/\\/g, '/');
  if (p === '~' || p.startsWith('~/')) p = homedir().replace(/\\/g, '/') + p.slice(1);
  const abs = isAbsolute(p) || /^[A-Za-z]:\//.test(p);
  const segs = p.split('/');
  const firstGlob = segs.findIndex((s) => GLOB_CHARS.test(s));
  if (firstGlob < 0) return { base: abs ? p : resolve(cwd, p), glob: null };
  const baseSegs = segs.slice(0, firstGlob);
  const baseText = baseSegs.join('/') || (abs ? '/' : '.');
  return { base: abs ? baseText : resolve(cwd, baseText), glob: segs.slice(firstGlob).join('/') };
}

/**
 * The files the patterns name, sorted, without duplicates; at most MAX_GLOB_FILES
 * (`truncated` says when more matched). A pattern that matches nothing is not an error.
 */
export async function expandGlobs(patterns: readonly string[], cwd: string): Promise<{ files: string[]; truncated: boolean }> {
  const found = new Set<string>();
  let truncated = false;
  for (const pattern of patterns) {
    if (!pattern.trim()) continue;
    const { base, glob } = splitGlob(pattern, cwd);
    if (glob === null) {
      const st = await stat(base).catch(() => null);
      if (st?.isFile()) found.add(base);
      else if (st?.isDirectory()) {
        // A folder means the log files in it.
        for (const f of await walk(base, globToRegExp('**/*.{log,txt,jsonl,json,gz,out}'), '**', () => found.size >= MAX_GLOB_FILES)) found.add(f);
      }
      continue;
    }
    const re = globToRegExp(glob);
    for (const f of await walk(base, re, glob, () => found.size >= MAX_GLOB_FILES)) {
      if (found.size >= MAX_GLOB_FILES) {
        truncated = true;
        break;
      }
      found.add(f);
    }
  }
  return { files: [...found].sort(), truncated };
}

async function walk(base: string, re: RegExp, glob: string, full: () => boolean): Promise<string[]> {
  const deep = glob.includes('**');
  const depth = deep ? Infinity : glob.split('/').length;
  const names = glob.split('/');
  const out: string[] = [];
  const visit = async (dir: string, rel: string, level: number): Promise<void> => {
    if (full() || out.length >= MAX_GLOB_FILES) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (level + 1 >= depth) continue;
        if (SKIPPED_DIRS.has(e.name) && !names.includes(e.name)) continue;
        await visit(abs, relPath, level + 1);
      } else if ((e.isFile() || e.isSymbolicLink()) && re.test(relPath)) {
        out.push(abs.split('/').join(sep));
      }
    }
  };
  await visit(base, '', 0);
  return out;
}
