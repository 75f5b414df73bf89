/**
 * "The new value is unlike anything the node ever held": a profile of a node's earlier values
 * (across its scenario and the other scenarios of the model, bounded by the history query) and
 * the ways a new value falls outside it. Pure.
 *
 * Paths are generalised over array indexes (`$.tiers[2].discount` → `$.tiers[*].discount`),
 * so every element of a list counts towards one profile.
 */
import { pathKey } from '../jsonDiff';
import type { PathChange } from '../types';

/**
 * One distinct earlier value of a node, as the history query returns it: values in force at
 * a successful run before the baseline (a value that only ever met failures is not normal).
 */
export interface HistoryRow {
  node_id: string;
  input_hash: string | null;
  /** The value; null when it is SQL NULL or larger than the query's size limit (see `size`). */
  input_data: unknown;
  /** jsonb_typeof of the value; null when SQL NULL. */
  json_type: string | null;
  /** Bytes of the value's JSON text; null when SQL NULL. */
  size: number | null;
  /** Lengths of the value's arrays: `{"$": n}` for an array, `{key: n}` per array-valued key of an object. */
  lengths: Record<string, number> | null;
  /** Earlier saves that held this value. */
  saves: number;
}

export interface LeafStats {
  saves: number;
  types: Map<string, number>;
  min: number;
  max: number;
  zeros: number;
  negatives: number;
  positives: number;
}

export interface ArrayStats {
  saves: number;
  minLen: number;
  maxLen: number;
  empties: number;
}

export interface NodeProfile {
  node_id: string;
  /** Earlier saves profiled, and how many distinct values they held. */
  saves: number;
  values: number;
  nullSaves: number;
  sizeMin: number;
  sizeMax: number;
  /** Saves whose value was walked (not too large): the base of `present`. */
  walkedSaves: number;
  leaves: Map<string, LeafStats>;
  arrays: Map<string, ArrayStats>;
  /** Saves in which a path (pattern) was present. */
  present: Map<string, number>;
}

/** Fewer earlier saves than this say nothing about what is unusual. */
export const MIN_HISTORY = 3;
/** Array elements walked per array (the rest only count towards its length). */
const WALK_ELEMENTS = 50;
const WALK_DEPTH = 8;

export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'boolean' : 'object';
}

/**
 * `$.a[3].b` / `$.a[2:40]` / `$["2028"]` → `$.a[*].b` / `$.a` / `$[*]`: an array slice stands
 * for the array, and keys made of digits only (years) are treated like indexes, since every
 * year of a yearly series holds the same quantity.
 */
export function pathPattern(path: string): string {
  return path.replace(/\[\d+:\d+\]$/, '').replace(/\[\d+\]|\["\d+"\]/g, '[*]');
}

function childPattern(parent: string, key: string): string {
  return /^\d+$/.test(key) ? `${parent}[*]` : pathKey(parent, key);
}

function bumpLeaf(map: Map<string, LeafStats>, pattern: string, v: unknown, n: number): void {
  let s = map.get(pattern);
  if (!s) {
    s = { saves: 0, types: new Map(), min: Infinity, max: -Infinity, zeros: 0, negatives: 0, positives: 0 };
    map.set(pattern, s);
  }
  s.saves += n;
  const t = jsonType(v);
  s.types.set(t, (s.types.get(t) ?? 0) + n);
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (v < s.min) s.min = v;
    if (v > s.max) s.max = v;
    if (v === 0) s.zeros += n;
    else if (v < 0) s.negatives += n;
    else s.positives += n;
  }
}

function bumpArray(map: Map<string, ArrayStats>, pattern: string, len: number, n: number): void {
  let s = map.get(pattern);
  if (!s) {
    s = { saves: 0, minLen: Infinity, maxLen: -Infinity, empties: 0 };
    map.set(pattern, s);
  }
  s.saves += n;
  if (len < s.minLen) s.minLen = len;
  if (len > s.maxLen) s.maxLen = len;
  if (len === 0) s.empties += n;
}

/**
 * Per-profile memo of the walk: child patterns by parent and key (the same few hundred
 * strings for every value of a node), and the last value that marked a pattern present.
 */
interface WalkMemo {
  children: Map<string, Map<string, string>>;
  stamp: Map<string, number>;
  value: number;
}

function childOf(memo: WalkMemo, parent: string, key: string): string {
  let byKey = memo.children.get(parent);
  if (!byKey) memo.children.set(parent, (byKey = new Map()));
  let c = byKey.get(key);
  if (c === undefined) byKey.set(key, (c = childPattern(parent, key)));
  return c;
}

/** Walks a value: leaf stats per pattern, array lengths, and which patterns it has (once each). */
function walk(p: NodeProfile, memo: WalkMemo, root: unknown, n: number): void {
  const value = ++memo.value;
  const stack: Array<[string, unknown, number]> = [['$', root, 0]];
  while (stack.length > 0) {
    const [pattern, v, depth] = stack.pop()!;
    if (memo.stamp.get(pattern) !== value) {
      memo.stamp.set(pattern, value);
      p.present.set(pattern, (p.present.get(pattern) ?? 0) + n);
    }
    bumpLeaf(p.leaves, pattern, v, n);
    if (depth >= WALK_DEPTH) continue;
    if (Array.isArray(v)) {
      bumpArray(p.arrays, pattern, v.length, n);
      const child = `${pattern}[*]`;
      for (let i = 0; i < Math.min(v.length, WALK_ELEMENTS); i++) stack.push([child, v[i], depth + 1]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, c] of Object.entries(v as Record<string, unknown>)) stack.push([childOf(memo, pattern, k), c, depth + 1]);
    }
  }
}

/** The profile of one node from its history rows (rows of other nodes are ignored). */
export function buildProfile(nodeId: string, rows: readonly HistoryRow[]): NodeProfile {
  const p: NodeProfile = {
    node_id: nodeId,
    saves: 0,
    values: 0,
    nullSaves: 0,
    sizeMin: Infinity,
    sizeMax: -Infinity,
    walkedSaves: 0,
    leaves: new Map(),
    arrays: new Map(),
    present: new Map(),
  };
  const memo: WalkMemo = { children: new Map(), stamp: new Map(), value: 0 };
  for (const r of rows) {
    if (r.node_id !== nodeId) continue;
    const n = Math.max(1, Number(r.saves) || 1);
    p.saves += n;
    p.values++;
    if (r.json_type === null || r.json_type === 'null') {
      p.nullSaves += n;
      bumpLeaf(p.leaves, '$', null, n);
      continue;
    }
    if (r.size !== null) {
      p.sizeMin = Math.min(p.sizeMin, Number(r.size));
      p.sizeMax = Math.max(p.sizeMax, Number(r.size));
    }
    if (r.input_data !== null && r.input_data !== undefined) {
      p.walkedSaves += n;
      walk(p, memo, r.input_data, n);
    } else {
      // Too large to ship: its type and array lengths only.
      bumpLeaf(p.leaves, '$', r.json_type === 'array' ? [] : r.json_type === 'object' ? {} : r.json_type === 'string' ? '' : r.json_type === 'boolean' ? false : 0, n);
      for (const [k, len] of Object.entries(r.lengths ?? {})) bumpArray(p.arrays, k === '$' && r.json_type === 'array' ? '$' : pathKey('$', k), Number(len), n);
    }
  }
  return p;
}

export type Severity = 'strong' | 'moderate' | 'mild';

export interface OutsideFinding {
  severity: Severity;
  path: string;
  detail: string;
}

const SEVERITY_RANK: Record<Severity, number> = { strong: 3, moderate: 2, mild: 1 };

export function strongestFirst(a: OutsideFinding, b: OutsideFinding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
}

/** A number for people: digit groups, at most 6 decimals (`24300` → `24,300`). */
const NF_SMALL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const NF = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

export function fmtNum(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return (Math.abs(n) < 1 ? NF_SMALL : NF).format(n);
}

function fmtFactor(x: number): string {
  return x >= 100 ? `×${fmtNum(Math.round(x))}` : `×${fmtNum(Math.round(x * 10) / 10)}`;
}

const TYPE_WORD: Record<string, string> = { number: 'a number', string: 'text', boolean: 'true/false', null: 'null', array: 'a list', object: 'an object' };

function savesText(n: number): string {
  return `${fmtNum(n)} save${n === 1 ? '' : 's'} used by successful runs`;
}

function where(path: string): string {
  return path === '$' ? '' : ` at ${path}`;
}

/** How a number falls outside the numbers held at a path. */
export function numberOutside(v: number, s: LeafStats, path: string): OutsideFinding | null {
  const numbers = s.zeros + s.negatives + s.positives;
  if (numbers < MIN_HISTORY || !Number.isFinite(v)) return null;
  const range = `${fmtNum(s.min)} to ${fmtNum(s.max)}`;
  const base = `in ${savesText(numbers)}`;
  if (v === 0 && s.zeros === 0) {
    return { severity: 'strong', path, detail: `0${where(path)} is outside every value this node held ${base}: ${range}, never 0` };
  }
  if (v < 0 && s.negatives === 0) {
    return { severity: 'strong', path, detail: `${fmtNum(v)}${where(path)} is negative; this node held only values ≥ 0 ${base}: ${range}` };
  }
  if (v > 0 && s.positives === 0) {
    return { severity: 'strong', path, detail: `${fmtNum(v)}${where(path)} is positive; this node held only values ≤ 0 ${base}: ${range}` };
  }
  if (v >= s.min && v <= s.max) return null;
  if (s.min >= 0 && s.max <= 1 && v > 1) {
    return { severity: 'strong', path, detail: `${fmtNum(v)}${where(path)} is above 1; this node always held a fraction ${base}: ${range}` };
  }
  const width = s.max - s.min;
  const above = v > s.max;
  const gap = above ? v - s.max : s.min - v;
  const rel = width > 0 ? gap / width : gap / Math.max(Math.abs(s.max), Math.abs(s.min), 1e-9);
  const factor = above ? (s.max > 0 && v > 0 ? v / s.max : Infinity) : s.min > 0 && v > 0 ? s.min / v : Infinity;
  const side = above ? 'above the largest' : 'below the smallest';
  const text = `${fmtNum(v)}${where(path)} is ${side} value this node held ${base}: ${range}`;
  if (factor >= 3 && Number.isFinite(factor)) return { severity: 'strong', path, detail: `${text} (${fmtFactor(factor)})` };
  if (rel >= 2) return { severity: 'strong', path, detail: text };
  if (rel >= 0.5) return { severity: 'moderate', path, detail: text };
  return { severity: 'mild', path, detail: `${text} (just outside)` };
}

function leafOutside(v: unknown, p: NodeProfile, pattern: string, path: string): OutsideFinding | null {
  const s = p.leaves.get(pattern);
  if (!s || s.saves < MIN_HISTORY) return null;
  const t = jsonType(v);
  if (!s.types.has(t)) {
    const usual = [...s.types.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const always = s.types.size === 1 ? 'always' : 'never before';
    const was = s.types.size === 1 ? TYPE_WORD[usual] ?? usual : TYPE_WORD[t] ?? t;
    const detail =
      s.types.size === 1
        ? `${path === '$' ? 'the value' : path} is ${TYPE_WORD[t] ?? t}; it was ${always} ${was} in ${savesText(s.saves)}`
        : `${path === '$' ? 'the value' : path} is ${was}, ${always} seen in ${savesText(s.saves)}`;
    return { severity: 'strong', path, detail };
  }
  if (typeof v === 'number') return numberOutside(v, s, path);
  return null;
}

function arrayOutside(len: number, p: NodeProfile, pattern: string, path: string): OutsideFinding | null {
  const s = p.arrays.get(pattern);
  if (!s || s.saves < MIN_HISTORY) return null;
  const base = `in ${savesText(s.saves)}: ${fmtNum(s.minLen)} to ${fmtNum(s.maxLen)} elements`;
  if (len === 0 && s.empties === 0) return { severity: 'strong', path, detail: `the list${where(path)} is empty; it never was ${base}` };
  if (len > s.maxLen) {
    const f = s.maxLen > 0 ? len / s.maxLen : Infinity;
    const text = `the list${where(path)} has ${fmtNum(len)} elements, more than ever ${base}`;
    if (f >= 3) return { severity: 'strong', path, detail: `${text} (${Number.isFinite(f) ? fmtFactor(f) : 'from none'})` };
    return { severity: f >= 1.5 ? 'moderate' : 'mild', path, detail: text };
  }
  if (len < s.minLen) {
    const f = len > 0 ? s.minLen / len : Infinity;
    return { severity: f >= 3 ? 'moderate' : 'mild', path, detail: `the list${where(path)} has ${fmtNum(len)} elements, fewer than ever ${base}` };
  }
  return null;
}

/**
 * Everything unusual about a node's new value against its profile, strongest first. `changes`
 * are the JSON path changes from the baseline (empty for a node that had no value before:
 * then the whole value is checked).
 */
export function outsideProfile(after: unknown, changes: readonly PathChange[], p: NodeProfile | undefined, sizeAfter?: number): OutsideFinding[] {
  if (!p || p.saves < MIN_HISTORY) return [];
  const out: OutsideFinding[] = [];
  const push = (f: OutsideFinding | null): void => {
    if (f && !out.some((o) => o.path === f.path)) out.push(f);
  };
  if (after === null || after === undefined) {
    if (p.nullSaves === 0) out.push({ severity: 'strong', path: '$', detail: `the value is null; this node always had a value in ${savesText(p.saves)}` });
    return out;
  }
  push(leafOutside(after, p, '$', '$'));
  if (Array.isArray(after)) push(arrayOutside(after.length, p, '$', '$'));
  else if (typeof after === 'object') {
    for (const [k, v] of Object.entries(after as Record<string, unknown>)) if (Array.isArray(v)) push(arrayOutside(v.length, p, pathKey('$', k), pathKey('$', k)));
  }
  const paths = changes.length > 0 ? changes : [{ path: '$', kind: 'changed' as const, before: undefined, after }];
  for (const c of paths.slice(0, 200)) {
    const pattern = pathPattern(c.path);
    const slice = /\[\d+:\d+\]$/.test(c.path);
    if (c.kind === 'removed' && !slice) {
      const had = p.present.get(pattern) ?? 0;
      if (p.walkedSaves >= MIN_HISTORY && had === p.walkedSaves && !/\[\*\]$/.test(pattern)) {
        push({ severity: 'moderate', path: c.path, detail: `${c.path} is gone; it was there in every one of ${savesText(had)}` });
      }
      continue;
    }
    if (slice) continue; // the array's length is checked above
    if (c.kind === 'added' && p.walkedSaves >= MIN_HISTORY && !p.present.has(pattern)) {
      push({ severity: 'moderate', path: c.path, detail: `${c.path} is new; no earlier save had it (${savesText(p.walkedSaves)})` });
      continue;
    }
    const v = c.after;
    push(leafOutside(v, p, pattern, c.path));
    if (Array.isArray(v)) push(arrayOutside(v.length, p, pattern, c.path));
  }
  if (sizeAfter !== undefined && Number.isFinite(p.sizeMax) && p.sizeMax > 0 && sizeAfter >= 3 * p.sizeMax && !out.some((o) => o.severity === 'strong')) {
    push({ severity: 'moderate', path: '$(size)', detail: `the value is ${fmtBytes(sizeAfter)}, ${fmtFactor(sizeAfter / p.sizeMax)} the largest earlier value (${fmtBytes(p.sizeMax)})` });
  }
  return out.sort(strongestFirst);
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${fmtNum(n)} B`;
  if (n < 1024 * 1024) return `${fmtNum(Math.round((n / 1024) * 10) / 10)} KB`;
  return `${fmtNum(Math.round((n / 1048576) * 10) / 10)} MB`;
}

/**
 * Bytes of a value's compact JSON text (UTF-8). PostgreSQL writes jsonb text with a space after
 * `,` and `:`, so this is a little smaller than the history's sizes: a ratio against them errs
 * towards "not unusual".
 */
export function jsonTextSize(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return new TextEncoder().encode(JSON.stringify(v)).length;
}
