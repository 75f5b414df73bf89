/**
 * The signals of the culprit ranking, one small function each. Every signal returns the
 * evidence it found for one candidate (or null) with its points; `rank.ts` adds them up.
 * Data inside a detail (names, keys, paths, values) is written as a Markdown code span, so
 * the detail reads as plain words in JSON and renders safely in a note.
 */
import { codeSpan } from '../markdown';
import { summarizeValue } from '../jsonDiff';
import type { Iso, PathChange, RunStatus } from '../types';
import { fmtBytes, fmtNum, jsonTextSize, outsideProfile, type NodeProfile } from './profile';
import { INFRASTRUCTURE_RULES } from '../errorCategory';
import { truncate } from '../markdown';
import { isSpecificKey, nameAliases, namesInText, numbersIn, termsInText, tokens, withoutFrames } from './text';

export type SignalName =
  | 'calc_failed'
  | 'named_in_reason'
  | 'named_in_logs'
  | 'key_in_reason'
  | 'value_in_reason'
  | 'missing_value'
  | 'length_in_reason'
  | 'type_in_reason'
  | 'outside_history'
  | 'growth'
  | 'same_failure_elsewhere'
  | 'locality'
  | 'first_value'
  | 'recency';

/**
 * Fixed points per signal (not fitted to any evaluation set). A failure that names an input,
 * or the input's own calculation failing, outweighs everything else; a value unlike the
 * node's history and the same failure elsewhere come next; locality and recency only break
 * ties.
 */
export const WEIGHTS = {
  calc_failed: 6,
  named_in_reason: 6,
  /** An error line of the run's logs (message or stack) names the input or a key only it touched. */
  named_in_logs: 4,
  key_in_reason: 5,
  value_in_reason: 3,
  /** A small integer (|x| < 10), a year (1900–2100), true/false or null: common words in any reason. */
  value_in_reason_common: 1.5,
  /** The input lost its value and the failure reads like a missing value (None, null, missing); halved when several inputs lost theirs. */
  missing_value: 4,
  /** A length or shape error whose numbers include the new length of one of its lists (no other candidate's). */
  length_in_reason: 3,
  /** A type error naming the JSON type the input's value (or one of its paths) changed to (no other candidate's). */
  type_in_reason: 3,
  outside_history_strong: 4,
  outside_history_moderate: 2.5,
  outside_history_mild: 1,
  growth_large: 5,
  growth: 3.5,
  /** Times the share of the other same-signature failures the input also changed before. */
  same_failure_elsewhere: 4,
  locality: 1.5,
  /** The input had no value at the last success (a part of the model the baseline never computed with it). */
  first_value: 1,
  /** The latest save; earlier ones get proportionally less. */
  recency: 0.5,
} as const;

export interface Evidence {
  signal: SignalName;
  detail: string;
}

export interface Scored extends Evidence {
  points: number;
}

export type ChangeKind = 'changed' | 'added' | 'removed';

/** An input that differs between the baseline run and the failed run. */
export interface Candidate {
  node_id: string;
  node_name: string;
  node_type: string;
  node_group: string | null;
  change: ChangeKind;
  /** undefined for the side without a value. */
  before: unknown;
  after: unknown;
  path_changes: readonly PathChange[];
  /** When the value in force at the failed run was saved (the baseline's for a removed value). */
  saved_at: Iso | null;
  /** Its own calculation failed in the failed run. */
  failed_in_b: boolean;
}

export interface FailedCalc {
  node_id: string;
  node_name: string;
  node_group: string | null;
  fail_reason: string | null;
}

/** What is known about the failure the candidates are ranked against. */
export interface FailureFacts {
  run_status: RunStatus;
  fail_reason: string | null;
  failed_calcs: readonly FailedCalc[];
  /** Calcs that took much longer than in the baseline (see `slowCalcs`). */
  slow_calcs: ReadonlyArray<{ node_name: string; duration_a: number; duration_b: number }>;
  /** Every node name of the model (so `Share` is not read inside `Peak share`). */
  node_names: readonly string[];
  /** Error lines of the run's logs (message, then its stack), when log sources were read. */
  log_errors?: readonly string[];
}

/** Another failed run (another scenario of the model) with the same error signature. */
export interface ElsewhereFailure {
  run_id: string;
  scenario_id: string;
  /** Inputs changed between that scenario's last success and that failure. */
  changed_node_ids: readonly string[];
  /** Nodes whose calc failed in that run. */
  failed_node_ids: readonly string[];
}

/**
 * The other failures that count as the same failure: the same signature (chosen by the
 * engine) and, when both runs have failed calcs, a failed calc in common (`'<s>'` in a
 * signature hides which node failed).
 */
export function sameFailures(elsewhere: readonly ElsewhereFailure[], f: FailureFacts): ElsewhereFailure[] {
  const mine = new Set(f.failed_calcs.map((c) => c.node_id));
  return elsewhere.filter((e) => mine.size === 0 || e.failed_node_ids.length === 0 || e.failed_node_ids.some((id) => mine.has(id)));
}

const q = (text: string): string => codeSpan(text);

/** The fail reasons to read: the run's, then each failed calc's (distinct, non-empty). */
export function reasonTexts(f: FailureFacts): Array<{ text: string; where: string }> {
  const out: Array<{ text: string; where: string }> = [];
  const seen = new Set<string>();
  const add = (text: string | null, where: string): void => {
    if (!text || text.trim() === '' || seen.has(text)) return;
    seen.add(text);
    out.push({ text, where });
  };
  add(f.fail_reason, 'the fail reason');
  for (const c of f.failed_calcs) add(c.fail_reason, `the fail reason of ${q(c.node_name)}`);
  return out;
}

/** Its own calculation failed in the failed run. */
export function calcFailedSignal(c: Candidate): Scored | null {
  if (!c.failed_in_b) return null;
  return { signal: 'calc_failed', detail: 'its own calculation failed in this run', points: WEIGHTS.calc_failed };
}

/**
 * Per ranking, computed once (every candidate reads the same failure): the names each reason
 * names, keyed by the candidate names array (the same array for all candidates of a ranking).
 */
const namedCache = new WeakMap<FailureFacts, WeakMap<readonly string[], Map<string, string>>>();

function namesInReasons(f: FailureFacts, candidateNames: readonly string[], extra: readonly string[] = []): Map<string, string> {
  let byNames = namedCache.get(f);
  if (!byNames) namedCache.set(f, (byNames = new WeakMap()));
  let found = extra.length === 0 ? byNames.get(candidateNames) : undefined;
  if (found) return found;
  found = new Map();
  const names = [...f.node_names, ...candidateNames, ...extra];
  const aliases = aliasesOf(f, candidateNames);
  for (const r of reasonTexts(f)) for (const n of namesInText(r.text, names, aliases)) if (!found.has(n)) found.set(n, r.where);
  if (extra.length === 0) byNames.set(candidateNames, found);
  return found;
}

const aliasCache = new WeakMap<FailureFacts, WeakMap<readonly string[], Map<string, string>>>();

/** Per ranking, once: the short names (`nameAliases`) of the model's nodes and the candidates. */
function aliasesOf(f: FailureFacts, candidateNames: readonly string[]): Map<string, string> {
  let byNames = aliasCache.get(f);
  if (!byNames) aliasCache.set(f, (byNames = new WeakMap()));
  let found = byNames.get(candidateNames);
  if (!found) byNames.set(candidateNames, (found = nameAliases([...f.node_names, ...candidateNames])));
  return found;
}

/**
 * The fail reason names the input (display name, or the name without its bracketed qualifier;
 * whole words, camelCase and snake_case alike; the longest name wins).
 */
export function namedSignal(c: Candidate, f: FailureFacts, candidateNames: readonly string[]): Scored | null {
  const where = namesInReasons(f, candidateNames).get(c.node_name);
  return where === undefined ? null : { signal: 'named_in_reason', detail: `named in ${where}`, points: WEIGHTS.named_in_reason };
}

/** Last object key of a path: `$.tiers[1].discount` → `discount`, `$["2028"]` → `2028`. */
export function lastKey(path: string): string | null {
  const m = /(?:\.([A-Za-z_$][A-Za-z0-9_$]*)|\[("(?:[^"\\]|\\.)*")\])(?:\[\d+(?::\d+)?\])*$/.exec(path);
  if (!m) return null;
  if (m[1] !== undefined) return m[1];
  try {
    return JSON.parse(m[2]!) as string;
  } catch {
    return null;
  }
}

const touchedCache = new WeakMap<Candidate, Set<string>>();

/** Keys a candidate's change added, removed or changed (and the keys of an added/removed object). */
export function touchedKeys(c: Candidate): Set<string> {
  const cached = touchedCache.get(c);
  if (cached) return cached;
  const keys = new Set<string>();
  touchedCache.set(c, keys);
  for (const p of c.path_changes.slice(0, 200)) {
    const k = lastKey(p.path);
    if (k !== null) keys.add(k);
    for (const side of [p.kind === 'added' ? p.after : undefined, p.kind === 'removed' ? p.before : undefined]) {
      if (side && typeof side === 'object' && !Array.isArray(side)) for (const sub of Object.keys(side)) keys.add(sub);
    }
  }
  return keys;
}

const keyId = (k: string): string => tokens(k).join(' ');

/**
 * The fail reason names a JSON key that only this candidate's change touched
 * (`KeyError: 'discount'` when only one changed input added, removed or changed `discount`).
 * Generic keys (`value`, `source`, …) never count.
 */
export function keySignal(c: Candidate, f: FailureFacts, all: readonly Candidate[], candidateNames: readonly string[]): Scored | null {
  const mine = specificKeys(c);
  if (mine.length === 0) return null;
  const { owners, found } = keysInReasons(f, all, candidateNames);
  const hit = mine.find((k) => owners.get(keyId(k)) === 1 && found.has(k));
  if (hit === undefined) return null;
  return { signal: 'key_in_reason', detail: `${found.get(hit)} names the key ${q(hit)}, which only this change touched`, points: WEIGHTS.key_in_reason };
}

/** Keys that may be matched: specific, and not only digits (years: `2028` reads like any number in a reason). */
function specificKeys(c: Candidate): string[] {
  return [...touchedKeys(c)].filter((k) => isSpecificKey(k) && !/^\d+$/.test(k.trim()));
}

const keysCache = new WeakMap<readonly Candidate[], { owners: Map<string, number>; found: Map<string, string> }>();

/** Per ranking, once: how many candidates touched each key, and the keys touched by one that the reasons name. */
function keysInReasons(f: FailureFacts, all: readonly Candidate[], candidateNames: readonly string[]): { owners: Map<string, number>; found: Map<string, string> } {
  const cached = keysCache.get(all);
  if (cached) return cached;
  const owners = new Map<string, number>();
  for (const o of all) for (const k of new Set([...touchedKeys(o)].map(keyId))) owners.set(k, (owners.get(k) ?? 0) + 1);
  const unique = [...new Set(all.flatMap(specificKeys))].filter((k) => owners.get(keyId(k)) === 1);
  const found = unique.length === 0 ? new Map<string, string>() : namesInReasons(f, candidateNames, unique);
  const out = { owners, found };
  keysCache.set(all, out);
  return out;
}

const logNamesCache = new WeakMap<FailureFacts, WeakMap<readonly Candidate[], Map<string, string>>>();

/**
 * An error line of the run's logs (message or stack) names the input, or a specific key that
 * only its change touched: the line itself is the evidence. Lines that repeat a fail reason
 * and the code locations of stack frames are not read. Per ranking, once: which names and keys
 * the lines name (the first line naming each).
 */
export function logSignal(c: Candidate, f: FailureFacts, all: readonly Candidate[], candidateNames: readonly string[]): Scored | null {
  const lines = f.log_errors ?? [];
  if (lines.length === 0) return null;
  let byAll = logNamesCache.get(f);
  if (!byAll) logNamesCache.set(f, (byAll = new WeakMap()));
  let found = byAll.get(all);
  if (!found) {
    found = new Map();
    const { owners } = keysInReasons(f, all, candidateNames);
    const keys = [...new Set(all.flatMap(specificKeys))].filter((k) => owners.get(keyId(k)) === 1);
    const terms = [...f.node_names, ...candidateNames, ...keys];
    const aliases = aliasesOf(f, candidateNames);
    // A line that repeats a fail reason adds nothing the reason did not already say.
    const reasons = reasonTexts(f).map((r) => tokens(r.text).join(' ')).filter((r) => r.length > 0);
    const repeats = (line: string): boolean => {
      const t = tokens(line).join(' ');
      return reasons.some((r) => t.includes(r) || r.includes(t));
    };
    for (const record of lines.slice(0, 200)) {
      for (const line of record.split('\n').slice(0, 100)) {
        if (line.trim() === '' || repeats(line)) continue;
        for (const t of namesInText(withoutFrames(line), terms, aliases)) if (!found.has(t)) found.set(t, line);
      }
    }
    byAll.set(all, found);
  }
  const { owners } = keysInReasons(f, all, candidateNames);
  let line = found.get(c.node_name);
  let what = 'names it';
  if (line === undefined) {
    const key = specificKeys(c).find((k) => owners.get(keyId(k)) === 1 && found.has(k));
    if (key === undefined) return null;
    line = found.get(key)!;
    what = `names the key ${q(key)}, which only this change touched`;
  }
  return { signal: 'named_in_logs', detail: `the log line ${q(truncate(line.trim(), 160))} ${what}`, points: WEIGHTS.named_in_logs };
}

/** The scalar values a change wrote (new leaves; the whole value when it is a scalar). */
export function newScalars(c: Candidate): unknown[] {
  const out: unknown[] = [];
  const leaf = (v: unknown): void => {
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out.push(v);
  };
  if (c.change === 'removed') return out;
  if (c.path_changes.length === 0 || c.change === 'added') leaf(c.after);
  for (const p of c.path_changes.slice(0, 200)) if (p.kind !== 'removed') leaf(p.after);
  return out;
}

const NULL_WORDS = new Set(['null', 'none', 'nil', 'nonetype', 'undefined']);

function valueKey(v: unknown): string {
  return typeof v === 'number' ? `n:${v}` : typeof v === 'string' ? `s:${keyId(v)}` : `x:${String(v)}`;
}

/** The fail reason contains a new value of this change (`got 4.5` for 4.50), and no other candidate wrote it. */
const valueOwnersCache = new WeakMap<readonly Candidate[], Map<string, number>>();
const reasonWordsCache = new WeakMap<FailureFacts, Array<{ text: string; where: string; numbers: Set<number>; words: Set<string> }>>();

export function valueSignal(c: Candidate, f: FailureFacts, all: readonly Candidate[]): Scored | null {
  const mine = newScalars(c);
  if (mine.length === 0) return null;
  let owners = valueOwnersCache.get(all);
  if (!owners) {
    owners = new Map<string, number>();
    for (const o of all) for (const k of new Set(newScalars(o).map(valueKey))) owners.set(k, (owners.get(k) ?? 0) + 1);
    valueOwnersCache.set(all, owners);
  }
  let reasons = reasonWordsCache.get(f);
  if (!reasons) {
    reasons = reasonTexts(f).map((r) => ({ ...r, numbers: new Set(numbersIn(r.text)), words: new Set(tokens(r.text)) }));
    reasonWordsCache.set(f, reasons);
  }
  for (const r of reasons) {
    const { numbers, words } = r;
    for (const v of mine) {
      if (owners.get(valueKey(v)) !== 1) continue;
      let hit = false;
      let common = false;
      if (typeof v === 'number') {
        hit = numbers.has(v);
        common = Number.isInteger(v) && (Math.abs(v) < 10 || (v >= 1900 && v <= 2100));
      } else if (typeof v === 'string') {
        const t = tokens(v);
        hit = v.trim().length >= 3 && t.length > 0 && termsInText(r.text, [v]).size > 0;
      } else if (v === null) {
        hit = [...words].some((w) => NULL_WORDS.has(w));
        common = true;
      } else {
        hit = words.has(String(v));
        common = true;
      }
      if (hit) {
        return {
          signal: 'value_in_reason',
          detail: `${r.where} contains its new value ${q(summarizeValue(v, 60))}`,
          points: common ? WEIGHTS.value_in_reason_common : WEIGHTS.value_in_reason,
        };
      }
    }
  }
  return null;
}

const reasonTokensCache = new WeakMap<FailureFacts, Array<{ where: string; words: Set<string>; numbers: Set<number> }>>();

/** Per failure, once: the word tokens and numbers of each reason. */
function reasonTokens(f: FailureFacts): Array<{ where: string; words: Set<string>; numbers: Set<number> }> {
  let out = reasonTokensCache.get(f);
  if (!out) reasonTokensCache.set(f, (out = reasonTexts(f).map((r) => ({ where: r.where, words: new Set(tokens(r.text)), numbers: new Set(numbersIn(r.text)) }))));
  return out;
}

const MISSING_WORDS = ['none', 'null', 'nil', 'undefined', 'missing', 'required', 'absent'];

/**
 * The input lost its value before the failed run and the failure reads like a missing value
 * (`NoneType`, `null`, NullPointerException, missing, required): full points when it is the
 * only input that lost its value, half when several did.
 */
export function missingValueSignal(c: Candidate, f: FailureFacts, all: readonly Candidate[]): Scored | null {
  if (c.change !== 'removed') return null;
  const r = reasonTokens(f).find((x) => MISSING_WORDS.some((w) => x.words.has(w)));
  if (!r) return null;
  const removed = all.filter((o) => o.change === 'removed').length;
  const word = MISSING_WORDS.find((w) => r.words.has(w))!;
  return {
    signal: 'missing_value',
    detail: `it lost its value and ${r.where} reads like a missing value (${q(word)})${removed > 1 ? `, as ${removed - 1} other input${removed === 2 ? '' : 's'} did` : ''}`,
    points: removed > 1 ? WEIGHTS.missing_value / 2 : WEIGHTS.missing_value,
  };
}

const LENGTH_WORDS = ['length', 'len', 'shape', 'shapes', 'size', 'index', 'broadcast', 'dimension', 'dimensions', 'elements', 'rows', 'axis', 'bounds'];

/** New list lengths of a change (those that differ from before; every one for an added input). */
function newLengths(c: Candidate): Map<number, string> {
  const out = new Map<number, string>();
  if (c.change === 'removed') return out;
  const before = c.change === 'added' ? new Map<string, number>() : arrayLengths(c.before);
  for (const [path, len] of arrayLengths(c.after)) if (len >= 2 && before.get(path) !== len && !out.has(len)) out.set(len, path);
  return out;
}

const lengthOwnersCache = new WeakMap<readonly Candidate[], Map<number, number>>();

/** A length or shape error (`Length of values (14) does not match…`) names a new list length of this change only. */
export function lengthSignal(c: Candidate, f: FailureFacts, all: readonly Candidate[]): Scored | null {
  const mine = newLengths(c);
  if (mine.size === 0) return null;
  let owners = lengthOwnersCache.get(all);
  if (!owners) {
    owners = new Map();
    for (const o of all) for (const len of newLengths(o).keys()) owners.set(len, (owners.get(len) ?? 0) + 1);
    lengthOwnersCache.set(all, owners);
  }
  for (const r of reasonTokens(f)) {
    if (!LENGTH_WORDS.some((w) => r.words.has(w))) continue;
    for (const [len, path] of mine) {
      if (owners.get(len) !== 1 || !r.numbers.has(len)) continue;
      return { signal: 'length_in_reason', detail: `${r.where} reads like a length error and names ${len}, the new length of ${path === '$' ? 'its list' : q(path)}`, points: WEIGHTS.length_in_reason };
    }
  }
  return null;
}

const TYPE_WORDS: Record<string, readonly string[]> = {
  array: ['list', 'array', 'tuple', 'arraylist', 'sequence'],
  object: ['dict', 'object', 'map', 'mapping', 'hashmap'],
  string: ['str', 'string'],
  number: ['float', 'int', 'integer', 'number', 'double', 'decimal', 'numeric'],
  boolean: ['bool', 'boolean'],
};

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;
}

/** The JSON types a change turned its value (or one of its paths) into. */
function newTypes(c: Candidate): Set<string> {
  const out = new Set<string>();
  if (c.change !== 'changed') return out;
  if (c.before !== undefined && jsonType(c.before) !== jsonType(c.after)) out.add(jsonType(c.after));
  for (const p of c.path_changes.slice(0, 200)) if (p.kind === 'type') out.add(jsonType(p.after));
  return out;
}

const typeOwnersCache = new WeakMap<readonly Candidate[], Map<string, number>>();

/** A type error names the JSON type this change (and no other) turned a value into (`'list' object has no attribute 'items'`). */
export function typeSignal(c: Candidate, f: FailureFacts, all: readonly Candidate[]): Scored | null {
  const mine = newTypes(c);
  if (mine.size === 0) return null;
  let owners = typeOwnersCache.get(all);
  if (!owners) {
    owners = new Map();
    for (const o of all) for (const t of newTypes(o)) owners.set(t, (owners.get(t) ?? 0) + 1);
    typeOwnersCache.set(all, owners);
  }
  for (const r of reasonTokens(f)) {
    for (const t of mine) {
      const word = owners.get(t) === 1 ? TYPE_WORDS[t]?.find((w) => r.words.has(w)) : undefined;
      if (word) return { signal: 'type_in_reason', detail: `its value became ${t === 'array' ? 'a list' : `a ${t}`} and ${r.where} names the type ${q(word)}`, points: WEIGHTS.type_in_reason };
    }
  }
  return null;
}

/** The new value is unlike anything the node held before (see `outsideProfile`). */
export function outsideHistorySignal(c: Candidate, profile: NodeProfile | undefined): Scored | null {
  if (c.change === 'removed') return null;
  const found = outsideProfile(c.after, c.change === 'added' ? [] : c.path_changes, profile, jsonTextSize(c.after));
  if (found.length === 0) return null;
  const top = found[0]!;
  const points =
    top.severity === 'strong' ? WEIGHTS.outside_history_strong : top.severity === 'moderate' ? WEIGHTS.outside_history_moderate : WEIGHTS.outside_history_mild;
  const more = found.length > 1 ? ` (and ${found.length - 1} more unusual path${found.length === 2 ? '' : 's'})` : '';
  return { signal: 'outside_history', detail: `${codeInPaths(top.detail)}${more}`, points };
}

/** Puts the JSON paths of a profile finding in code spans. */
function codeInPaths(text: string): string {
  return text.replace(/\$(?:\.[A-Za-z_$][A-Za-z0-9_$]*|\[(?:"(?:[^"\\]|\\.)*"|\d+(?::\d+)?|\*)\])+/g, (m) => q(m));
}

/** Calcs of the failed run that took far longer than in the baseline (≥ 3× and ≥ 10 s more). */
export function slowCalcs(
  a: ReadonlyArray<{ node_id: string; node_name: string; processing_duration: number | null }>,
  b: ReadonlyArray<{ node_id: string; node_name: string; processing_duration: number | null }>,
): Array<{ node_name: string; duration_a: number; duration_b: number }> {
  const before = new Map<string, number>();
  for (const x of a) if (x.processing_duration !== null) before.set(x.node_id, Math.max(before.get(x.node_id) ?? 0, Number(x.processing_duration)));
  const out: Array<{ node_name: string; duration_a: number; duration_b: number }> = [];
  for (const x of b) {
    const da = before.get(x.node_id);
    const db = x.processing_duration === null ? null : Number(x.processing_duration);
    if (da === undefined || db === null) continue;
    if (db >= 3 * da && db - da >= 10) out.push({ node_name: x.node_name, duration_a: da, duration_b: db });
  }
  return out;
}

/** Lengths of the arrays in a value: the value itself and each array-valued key (one level). */
export function arrayLengths(v: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (Array.isArray(v)) out.set('$', v.length);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (Array.isArray(x)) out.set(k === '$' ? '$["$"]' : `$.${k}`, x.length);
  }
  return out;
}

const OOM_RULE = INFRASTRUCTURE_RULES.find((r) => r.name === 'an out-of-memory kill')!;
const oomCache = new WeakMap<FailureFacts, boolean>();

/** A fail reason or error log line reads like an out-of-memory kill. */
export function ranOutOfMemory(f: FailureFacts): boolean {
  let hit = oomCache.get(f);
  if (hit === undefined) {
    hit = [...reasonTexts(f).map((r) => r.text), ...(f.log_errors ?? [])].some((t) => OOM_RULE.pattern.test(t));
    oomCache.set(f, hit);
  }
  return hit;
}

/**
 * Growth for timeouts and memory: when the run timed out, a calc took far longer than in the
 * baseline or the run ran out of memory, an input whose payload or arrays grew by a large
 * factor.
 */
export function growthSignal(c: Candidate, f: FailureFacts): Scored | null {
  if (c.change !== 'changed') return null;
  const memory = !(f.run_status === 'timeout' || f.slow_calcs.length > 0) && ranOutOfMemory(f);
  if (!(f.run_status === 'timeout' || f.slow_calcs.length > 0 || memory)) return null;
  const why =
    f.run_status === 'timeout'
      ? 'the run timed out'
      : memory
        ? 'the run ran out of memory'
        : `${q(f.slow_calcs[0]!.node_name)} took ${fmtNum(Math.round(f.slow_calcs[0]!.duration_b))} s instead of ${fmtNum(Math.round(f.slow_calcs[0]!.duration_a))} s`;
  let best: { factor: number; text: string } | null = null;
  const la = arrayLengths(c.before);
  for (const [path, lenB] of arrayLengths(c.after)) {
    const lenA = la.get(path);
    if (lenA === undefined || lenB <= lenA) continue;
    const factor = lenA > 0 ? lenB / lenA : lenB >= 10 ? Infinity : 0;
    if (factor >= 3 && (!best || factor > best.factor)) {
      best = { factor, text: `${path === '$' ? 'the list' : q(path)} grew from ${fmtNum(lenA)} to ${fmtNum(lenB)} elements` };
    }
  }
  const sa = jsonTextSize(c.before);
  const sb = jsonTextSize(c.after);
  if (sa > 0 && sb >= 3 * sa && sb - sa >= 1024 && (!best || sb / sa > best.factor)) {
    best = { factor: sb / sa, text: `its value grew from ${fmtBytes(sa)} to ${fmtBytes(sb)}` };
  }
  if (!best) return null;
  const factor = Number.isFinite(best.factor) ? ` (×${fmtNum(Math.round(best.factor * 10) / 10)})` : '';
  return { signal: 'growth', detail: `${best.text}${factor} and ${why}`, points: best.factor >= 10 ? WEIGHTS.growth_large : WEIGHTS.growth };
}

/**
 * Other failures of the model with the same error (`sameFailures`): how many of them this
 * input also changed before.
 */
export function elsewhereSignal(c: Candidate, elsewhere: readonly ElsewhereFailure[]): Scored | null {
  if (elsewhere.length === 0) return null;
  const hits = elsewhere.filter((e) => e.changed_node_ids.includes(c.node_id));
  if (hits.length === 0) return null;
  const scenarios = new Set(hits.map((h) => h.scenario_id)).size;
  const n = elsewhere.length;
  const detail =
    hits.length === n
      ? `also changed before ${n === 1 ? 'the other failure' : `every one of the ${n} other failures`} with this error (${scenarios} other scenario${scenarios === 1 ? '' : 's'} of the model)`
      : `also changed before ${hits.length} of ${n} other failures with this error`;
  return { signal: 'same_failure_elsewhere', detail, points: Math.round(WEIGHTS.same_failure_elsewhere * (hits.length / n) * 100) / 100 };
}

/** The input is in the node group of a failed calculation (other than itself). */
export function localitySignal(c: Candidate, f: FailureFacts): Scored | null {
  if (!c.node_group) return null;
  const calc = f.failed_calcs.find((x) => x.node_id !== c.node_id && x.node_group === c.node_group);
  if (!calc) return null;
  return { signal: 'locality', detail: `in the node group ${q(c.node_group)} of the failed calculation ${q(calc.node_name)}`, points: WEIGHTS.locality };
}

/** The input had no value at the last success: the failed run is the first to compute with it. */
export function firstValueSignal(c: Candidate): Scored | null {
  return c.change === 'added' ? { signal: 'first_value', detail: 'it had no value at the last success', points: WEIGHTS.first_value } : null;
}

/**
 * Recency, a weak tiebreaker: the latest save before the failed run gets WEIGHTS.recency,
 * the k-th latest of n proportionally less. `order` is the candidate's place (0 = latest)
 * among the n candidates with a save.
 */
export function recencySignal(order: number, n: number): Scored | null {
  if (order < 0 || n <= 0) return null;
  const points = Math.round(WEIGHTS.recency * (1 - order / n) * 1000) / 1000;
  const detail = order === 0 ? 'the last save before the failed run' : `saved ${ordinal(order + 1)} latest of ${n} changes before the failed run`;
  return { signal: 'recency', detail, points };
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}
