/**
 * File globs for `clearsight.logs.paths` / `--logs-path` (Node 20 has no fs.glob):
 * `*` and `?` within a path segment, `**` across segments, `{a,b}` alternatives and
 * `[…]` character classes; relative patterns are taken from `cwd`, `~/` is the home folder.
 * `.git` and `node_modules` folders are skipped unless the pattern names them. Symbolic
 * links are followed only when they stay inside the pattern's root (see expandGlobs).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

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

/** Splits a pattern into the folder to start from and the glob below it (null: a plain path); `relative`: taken from `cwd`. */
export function splitGlob(pattern: string, cwd: string): { base: string; glob: string | null; relative: boolean } {
  let p = pattern.trim().replace(/\\/g, '/');
  if (p === '~' || p.startsWith('~/')) p = homedir().replace(/\\/g, '/') + p.slice(1);
  const abs = isAbsolute(p) || /^[A-Za-z]:\//.test(p);
  const segs = p.split('/');
  const firstGlob = segs.findIndex((s) => GLOB_CHARS.test(s));
  if (firstGlob < 0) return { base: abs ? p : resolve(cwd, p), glob: null, relative: !abs };
  const baseSegs = segs.slice(0, firstGlob);
  const baseText = baseSegs.join('/') || (abs ? '/' : '.');
  return { base: abs ? baseText : resolve(cwd, baseText), glob: segs.slice(firstGlob).join('/'), relative: !abs };
}

/** Whether `path` is `root` or below it (both resolved the same way). */
export function isInside(path: string, root: string): boolean {
  const r = relative(root, path);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

export interface ExpandedGlobs {
  /** The files, sorted; a file reached by several paths (links) is listed once. */
  files: string[];
  /** More than MAX_GLOB_FILES matched; only the first ones are listed. */
  truncated: boolean;
  /** Symbolic links (and link-reached bases) that matched but lead outside their pattern's root: not followed. */
  outside: string[];
}

/**
 * The files the patterns name, sorted, without duplicates; at most MAX_GLOB_FILES
 * (`truncated` says when more matched). A pattern that matches nothing is not an error.
 *
 * Symbolic links are followed only within the pattern's root: the folder a relative
 * pattern is taken from (`cwd`, when the pattern does not climb out of it with `..`), else
 * the pattern's own base folder (or the file it names). A link, or a base reached through
 * one, whose real path is outside that root is not read and is listed in `outside`; folder
 * links inside it are followed once each (no loops).
 */
export async function expandGlobs(patterns: readonly string[], cwd: string): Promise<ExpandedGlobs> {
  const found = new Map<string, string>(); // real path → the path listed
  const outside = new Set<string>();
  let truncated = false;
  const full = (): boolean => found.size >= MAX_GLOB_FILES;
  for (const pattern of patterns) {
    if (!pattern.trim()) continue;
    const { base, glob, relative: rel } = splitGlob(pattern, cwd);
    const rootPath = rel && isInside(base, resolve(cwd)) ? cwd : base;
    const [root, realBase] = await Promise.all([realpath(rootPath).catch(() => null), realpath(base).catch(() => null)]);
    if (!root || !realBase) continue; // nothing there
    if (!isInside(realBase, root)) {
      outside.add(base);
      continue;
    }
    const st = await stat(realBase).catch(() => null);
    if (!st) continue;
    let matches: Array<{ path: string; real: string }>;
    if (glob === null && st.isFile()) matches = [{ path: base, real: realBase }];
    else if (glob === null && st.isDirectory()) {
      // A folder means the log files in it.
      matches = await walk({ base, realBase, root, re: globToRegExp('**/*.{log,txt,jsonl,json,gz,out}'), glob: '**', full, outside });
    } else if (glob !== null && st.isDirectory()) {
      matches = await walk({ base, realBase, root, re: globToRegExp(glob), glob, full, outside });
    } else continue;
    for (const m of matches) {
      if (found.has(m.real)) continue;
      if (full()) {
        truncated = true;
        break;
      }
      found.set(m.real, m.path);
    }
  }
  return { files: [...found.values()].sort(), truncated, outside: [...outside].sort() };
}

interface Walk {
  /** The folder walked, as the pattern names it, and its real path. */
  base: string;
  realBase: string;
  /** Real path of the folder no link may lead out of. */
  root: string;
  re: RegExp;
  glob: string;
  full: () => boolean;
  outside: Set<string>;
}

async function walk(w: Walk): Promise<Array<{ path: string; real: string }>> {
  const deep = w.glob.includes('**');
  const depth = deep ? Infinity : w.glob.split('/').length;
  const names = w.glob.split('/');
  const out: Array<{ path: string; real: string }> = [];
  const visited = new Set<string>([w.realBase]);
  const visit = async (dir: string, realDir: string, rel: string, level: number): Promise<void> => {
    if (w.full() || out.length >= MAX_GLOB_FILES) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    // By name, real entries before links: a file reached both ways is listed by its own path.
    entries.sort((a, b) => Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dir, e.name);
      let real = join(realDir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => null);
        const st = target ? await stat(target).catch(() => null) : null;
        if (!target || !st) continue; // a dangling link
        real = target;
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      const wanted = isDir ? level + 1 < depth && (!SKIPPED_DIRS.has(e.name) || names.includes(e.name)) : isFile && w.re.test(relPath);
      if (!wanted) continue;
      if (!isInside(real, w.root)) {
        w.outside.add(abs);
        continue;
      }
      if (isDir) {
        if (visited.has(real)) continue;
        visited.add(real);
        await visit(abs, real, relPath, level + 1);
      } else out.push({ path: abs.split('/').join(sep), real });
    }
  };
  await visit(w.base, w.realBase, '', 0);
  return out;
}
