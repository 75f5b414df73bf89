/**
 * The Overview's filter: the date range (a preset "last N days of data" or explicit UTC
 * days), model, disease area, scenario status, node type and error text; how it resolves
 * to the half-open day range [from, to) the queries take, the previous period of equal
 * length, and validation of a filter that came from a webview or a saved state. Pure.
 */
import type { Iso, Uuid } from './types';
import { isUuid } from './ids';

/** A UTC calendar day, `YYYY-MM-DD`. */
export type Day = string;

export type OverviewRange =
  /** The last `days` days that have data: ends on the last day with a run (today when none). */
  | { kind: 'last'; days: number }
  /** Explicit UTC days, both inclusive. */
  | { kind: 'between'; from: Day; to: Day };

export interface OverviewFilter {
  range: OverviewRange;
  modelId: Uuid | null;
  diseaseArea: string | null;
  scenarioStatus: string | null;
  /** input / calculation / output: runs with a failed calc of a node of that type; node figures of that type. */
  nodeType: string | null;
  /** Case-insensitive substring of the fail reason ('' = any). */
  errorText: string;
}

export const RANGE_PRESETS = [1, 7, 14, 30, 90, 365] as const;
export const DEFAULT_RANGE_DAYS = 14;
/** Ten years: longer ranges are cut. */
export const MAX_RANGE_DAYS = 3660;
const MAX_TEXT = 200;

export const DEFAULT_FILTER: OverviewFilter = Object.freeze({
  range: Object.freeze({ kind: 'last', days: DEFAULT_RANGE_DAYS }) as OverviewRange,
  modelId: null,
  diseaseArea: null,
  scenarioStatus: null,
  nodeType: null,
  errorText: '',
}) as OverviewFilter;

/** A resolved range: UTC days [from, to), `days` long. */
export interface ResolvedRange {
  from: Day;
  /** Exclusive. */
  to: Day;
  days: number;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function dayMs(day: Day): number {
  const m = DAY_RE.exec(day);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
}

function msDay(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A real calendar day in `YYYY-MM-DD` form, between years 1900 and 9999. */
export function isDay(x: unknown): x is Day {
  if (typeof x !== 'string') return false;
  const ms = dayMs(x);
  return Number.isFinite(ms) && msDay(ms) === x && x >= '1900-01-01';
}

export function addDays(day: Day, n: number): Day {
  return msDay(dayMs(day) + n * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** UTC day of an ISO timestamp. */
export function dayOf(iso: Iso): Day {
  return iso.slice(0, 10);
}

/** The start of a day as the ISO timestamp a query takes. */
export function dayStartIso(day: Day): Iso {
  return `${day}T00:00:00.000Z`;
}

/**
 * The day range of a filter: `last N days` ends with the last day that has a run
 * (`lastDataDay`, else `today`), so the demo and a quiet server show their recent data.
 */
export function resolveRange(range: OverviewRange, lastDataDay: Day | null, today: Day): ResolvedRange {
  if (range.kind === 'between') {
    const to = addDays(range.to, 1);
    return { from: range.from, to, days: daysBetween(range.from, to) };
  }
  const to = addDays(lastDataDay ?? today, 1);
  return { from: addDays(to, -range.days), to, days: range.days };
}

/** The period of equal length just before. */
export function previousRange(r: ResolvedRange): ResolvedRange {
  return { from: addDays(r.from, -r.days), to: r.from, days: r.days };
}

/** `2026-11-07 – 2026-11-20` (inclusive days) or the single day. */
export function rangeLabel(r: ResolvedRange): string {
  const last = addDays(r.to, -1);
  return last === r.from ? r.from : `${r.from} – ${last}`;
}

function text(x: unknown, max = MAX_TEXT): string | null {
  if (typeof x !== 'string') return null;
  const t = x.trim().slice(0, max);
  return t === '' ? null : t;
}

/** A range from untrusted input, or null. Explicit ranges are ordered and capped. */
export function sanitizeRange(x: unknown): OverviewRange | null {
  if (!x || typeof x !== 'object') return null;
  const r = x as Record<string, unknown>;
  if (r.kind === 'last') {
    const days = Number(r.days);
    return Number.isInteger(days) && days >= 1 && days <= MAX_RANGE_DAYS ? { kind: 'last', days } : null;
  }
  if (r.kind === 'between' && isDay(r.from) && isDay(r.to)) {
    let [from, to] = r.from <= r.to ? [r.from, r.to] : [r.to, r.from];
    if (daysBetween(from, to) >= MAX_RANGE_DAYS) from = addDays(to, -(MAX_RANGE_DAYS - 1));
    return { kind: 'between', from, to };
  }
  return null;
}

/** A filter from untrusted input (a webview message, a saved state): bad fields fall back to the defaults. */
export function sanitizeFilter(x: unknown): OverviewFilter {
  const f = x && typeof x === 'object' ? (x as Record<string, unknown>) : {};
  const model = typeof f.modelId === 'string' && isUuid(f.modelId.trim()) ? f.modelId.trim().toLowerCase() : null;
  return {
    range: sanitizeRange(f.range) ?? { ...DEFAULT_FILTER.range },
    modelId: model,
    diseaseArea: text(f.diseaseArea),
    scenarioStatus: text(f.scenarioStatus, 50),
    nodeType: text(f.nodeType, 50),
    errorText: text(f.errorText) ?? '',
  };
}

/** The ILIKE pattern of an error text (`%`, `_` and `\` matched literally), or null for none. */
export function errorPattern(errorText: string | null | undefined): string | null {
  const t = errorText?.trim();
  if (!t) return null;
  return `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether the filter keeps failures only (error text and node type select failed runs). */
export function failuresOnly(f: Pick<OverviewFilter, 'errorText' | 'nodeType'>): boolean {
  return f.errorText.trim() !== '' || f.nodeType !== null;
}

/** Whether anything besides the date range narrows the figures. */
export function hasNarrowing(f: OverviewFilter): boolean {
  return f.modelId !== null || f.diseaseArea !== null || f.scenarioStatus !== null || failuresOnly(f);
}

/** `model "NSCLC …", status "draft", error text "growth"` (labels map ids to names). */
export function describeNarrowing(f: OverviewFilter, modelLabel?: (id: string) => string | undefined): string {
  const parts: string[] = [];
  if (f.modelId) parts.push(`model "${modelLabel?.(f.modelId) ?? f.modelId}"`);
  if (f.diseaseArea) parts.push(`disease area "${f.diseaseArea}"`);
  if (f.scenarioStatus) parts.push(`scenario status "${f.scenarioStatus}"`);
  if (f.nodeType) parts.push(`node type "${f.nodeType}"`);
  if (f.errorText.trim()) parts.push(`error text "${f.errorText.trim()}"`);
  return parts.join(', ');
}
