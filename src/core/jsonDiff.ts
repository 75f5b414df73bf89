import type { PathChange } from './types';

/**
 * Structural diff of two JSON values (node input_data).
 *
 * - Paths are JSONPath-like and start at `$`: `$.growth.rates[3]`; a key that is not an
 *   identifier is written as `$["weird key"]` (JSON string escaping).
 * - Objects are compared by key in sorted (code unit) order so output is stable; arrays by
 *   index, extra elements are `added` / `removed`.
 * - `type` when the JSON types differ (number → string, object → null, object → array);
 *   `changed` for two different scalars of the same type.
 * - A property whose value is `undefined` counts as absent (as in JSON). The absent side of
 *   an `added` / `removed` change is `undefined`.
 * - Work is linear in the size of the inputs; the walk stops once `maxChanges` (default
 *   200) changes were found.
 * - An array that grew or shrank by more than `ARRAY_TAIL_RANGE` elements reports its tail
 *   as one change with a JSONPath slice (`$.patients[50:12000]`, end exclusive), so one
 *   growing array cannot use up the budget and hide the other changes of the value.
 */
export interface JsonDiffOptions {
  maxChanges?: number;
}

export const DEFAULT_MAX_CHANGES = 200;

/**
 * Values in a diff (the changed paths' before / after, the nodes' inputs) nest at most this
 * deep: deeper parts become `TOO_DEEP`, so that whoever serialises the diff (the CLI's JSON,
 * the panels) never overflows the stack however deep the input is. The walk itself is
 * iterative and reports the exact path at any depth.
 */
export const MAX_JSON_DEPTH = 100;
/** What stands for a part of a value nested too deep to show. */
export const TOO_DEEP = '…(nested too deep)';

/**
 * The value itself when it nests at most `limit` levels; else a copy whose containers
 * below `limit` levels are `TOO_DEEP` (iterative: any depth).
 */
export function capDepth(v: unknown, limit: number = MAX_JSON_DEPTH): unknown {
  const probe: Array<[unknown, number]> = [[v, 0]];
  let deep = false;
  while (probe.length > 0 && !deep) {
    const [x, d] = probe.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d >= limit) deep = true;
    else for (const c of Array.isArray(x) ? x : Object.values(x as object)) probe.push([c, d + 1]);
  }
  if (!deep) return v;
  const copy = (x: unknown, d: number): unknown => (x === null || typeof x !== 'object' ? x : d >= limit ? TOO_DEEP : Array.isArray(x) ? new Array(x.length) : {});
  const root = copy(v, 0);
  const stack: Array<[unknown, unknown, number]> = [[v, root, 0]];
  while (stack.length > 0) {
    const [src, dst, d] = stack.pop()!;
    if (src === null || typeof src !== 'object' || dst === TOO_DEEP) continue;
    for (const [k, c] of Object.entries(src as object)) {
      const out = copy(c, d + 1);
      (dst as Record<string, unknown>)[k] = out;
      stack.push([c, out, d + 1]);
    }
  }
  return root;
}

/**
 * JSON text of any value however deep (`JSON.stringify` overflows the stack near 5,000
 * levels): parts nested deeper than `MAX_JSON_DEPTH` are `TOO_DEEP`; a value within the limit
 * gives exactly `JSON.stringify`'s text. Every output of input values (the CLI's JSON, the
 * panels' messages) goes through it.
 */
export function jsonText(v: unknown, space?: number): string {
  return JSON.stringify(capDepth(v), null, space) ?? 'null';
}

/** Longer added / removed array tails are reported as one slice change. */
export const ARRAY_TAIL_RANGE = 10;

type JsonKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'undefined' | 'other';

function kindOf(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends an object key to a path: `.key` or `["weird key"]`. */
export function pathKey(parent: string, key: string): string {
  return IDENT.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function cmpKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Collector {
  readonly out: PathChange[] = [];
  constructor(private readonly max: number) {}
  get full(): boolean {
    return this.out.length >= this.max;
  }
  push(change: PathChange): void {
    // Values as deep as the input would overflow whoever serialises them: cut.
    if (this.out.length < this.max) this.out.push({ ...change, before: capDepth(change.before), after: capDepth(change.after) });
  }
}

function scalarEqual(a: unknown, b: unknown): boolean {
  // NaN cannot come from JSON, but treat NaN === NaN so a value is never different from itself.
  return a === b || (a !== a && b !== b);
}

/**
 * Iterative depth-first walk (an explicit stack, so deeply nested input cannot overflow the
 * call stack). Children are pushed in reverse so they are visited in order.
 */
function walk(rootA: unknown, rootB: unknown, c: Collector): void {
  const stack: Array<{ a: unknown; b: unknown; path: string; change?: PathChange }> = [{ a: rootA, b: rootB, path: '$' }];
  while (stack.length > 0 && !c.full) {
    const { a, b, path, change } = stack.pop()!;
    if (change) {
      c.push(change);
      continue;
    }
    if (a === b) continue;
    const ka = kindOf(a);
    const kb = kindOf(b);
    if (ka === 'undefined') {
      c.push({ path, kind: 'added', before: undefined, after: b });
      continue;
    }
    if (kb === 'undefined') {
      c.push({ path, kind: 'removed', before: a, after: undefined });
      continue;
    }
    if (ka !== kb) {
      c.push({ path, kind: 'type', before: a, after: b });
      continue;
    }
    if (ka === 'array') {
      const xa = a as unknown[];
      const xb = b as unknown[];
      let n = Math.max(xa.length, xb.length);
      const common = Math.min(xa.length, xb.length);
      if (n - common > ARRAY_TAIL_RANGE) {
        const grew = xb.length > xa.length;
        const slice = (grew ? xb : xa).slice(common);
        stack.push({
          a: undefined,
          b: undefined,
          path,
          change: { path: `${path}[${common}:${n}]`, kind: grew ? 'added' : 'removed', before: grew ? undefined : slice, after: grew ? slice : undefined },
        });
        n = common;
      }
      for (let i = n - 1; i >= 0; i--) {
        const inA = i < xa.length;
        const inB = i < xb.length;
        // An array hole / undefined element serialises as null in JSON.
        stack.push({
          a: inA ? (xa[i] === undefined ? null : xa[i]) : undefined,
          b: inB ? (xb[i] === undefined ? null : xb[i]) : undefined,
          path: `${path}[${i}]`,
        });
      }
      continue;
    }
    if (ka === 'object') {
      const oa = a as Record<string, unknown>;
      const ob = b as Record<string, unknown>;
      const keys = new Set<string>(Object.keys(oa));
      for (const k of Object.keys(ob)) keys.add(k);
      const sorted = [...keys].sort(cmpKeys);
      for (let i = sorted.length - 1; i >= 0; i--) {
        const k = sorted[i]!;
        const va = Object.prototype.hasOwnProperty.call(oa, k) ? oa[k] : undefined;
        const vb = Object.prototype.hasOwnProperty.call(ob, k) ? ob[k] : undefined;
        if (va === undefined && vb === undefined) continue;
        stack.push({ a: va, b: vb, path: pathKey(path, k) });
      }
      continue;
    }
    if (!scalarEqual(a, b)) c.push({ path, kind: 'changed', before: a, after: b });
  }
}

/** Differences between two JSON values, in a stable order, at most `maxChanges` of them. */
export function jsonDiff(before: unknown, after: unknown, options: JsonDiffOptions = {}): PathChange[] {
  const max = options.maxChanges ?? DEFAULT_MAX_CHANGES;
  if (!(max > 0)) return [];
  const c = new Collector(Math.floor(max));
  walk(before, after, c);
  return c.out;
}

interface RenderState {
  out: string[];
  /** Code units produced so far. */
  n: number;
  /** Something was left out (budget reached, string cut). */
  cut: boolean;
}

/** Bounded compact JSON rendering: stops once more than `budget` code units were produced. */
function render(v: unknown, budget: number, st: RenderState, depth: number): void {
  const emit = (s: string): void => {
    st.out.push(s);
    st.n += s.length;
  };
  if (st.n > budget) {
    st.cut = true;
    return;
  }
  switch (kindOf(v)) {
    case 'null':
      emit('null');
      return;
    case 'boolean':
      emit(String(v));
      return;
    case 'number':
      emit(typeof v === 'bigint' ? v.toString() : Number.isFinite(v as number) ? String(v) : 'null');
      return;
    case 'string': {
      const str = v as string;
      if (str.length <= budget) {
        emit(JSON.stringify(str));
        return;
      }
      // Only the beginning can be shown: never stringify a huge string in full, never cut a
      // surrogate pair, and leave the closing quote off since the text goes on.
      let head = str.slice(0, budget + 1);
      if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
      emit(JSON.stringify(head).slice(0, -1));
      st.cut = true;
      return;
    }
    case 'undefined':
      emit('(absent)');
      return;
    case 'other':
      emit(`(${typeof v})`);
      return;
    case 'array': {
      const arr = v as unknown[];
      if (depth > 64) {
        emit('[…]');
        return;
      }
      emit('[');
      for (let i = 0; i < arr.length; i++) {
        if (st.n > budget) {
          st.cut = true;
          return;
        }
        if (i > 0) emit(',');
        render(arr[i] === undefined ? null : arr[i], budget, st, depth + 1);
      }
      emit(']');
      return;
    }
    case 'object': {
      const o = v as Record<string, unknown>;
      if (depth > 64) {
        emit('{…}');
        return;
      }
      emit('{');
      let first = true;
      for (const key of Object.keys(o)) {
        if (st.n > budget) {
          st.cut = true;
          return;
        }
        if (o[key] === undefined) continue;
        if (!first) emit(',');
        first = false;
        emit(`${JSON.stringify(key)}:`);
        render(o[key], budget, st, depth + 1);
      }
      emit('}');
      return;
    }
  }
}

/**
 * Short one-line rendering of a JSON value for tables: compact JSON (strings quoted),
 * `(absent)` for undefined, cut to `maxLen` characters (code points) ending with `…`.
 * Linear in maxLen, not in the size of the value.
 */
export function summarizeValue(v: unknown, maxLen = 80): string {
  if (maxLen <= 0) return '';
  const st: RenderState = { out: [], n: 0, cut: false };
  // Budget in UTF-16 code units: twice the code points, so astral characters still fill maxLen.
  render(v, 2 * maxLen + 2, st, 0);
  const chars = Array.from(st.out.join(''));
  if (!st.cut && chars.length <= maxLen) return chars.join('');
  return `${chars.slice(0, maxLen - 1).join('')}…`;
}
