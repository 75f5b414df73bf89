/**
 * The timeline panel's data shaping: lanes and chart points, time ticks, filters,
 * event actions, counts and the Markdown table. Pure; tested in test/unit/webview/webviewTimeline.test.ts.
 */
import { isFailedRun } from '../../src/core/runRules';
import { compareIso } from '../../src/core/time';
import type { EventType, RunSummary, TimelineEvent } from '../../src/core/types';
import { firstRunAtOrAfter } from '../../src/shared/runOrder';
import { formatIso, groupDigits } from '../common/format';
import { markdownTable } from '../common/markdownTable';

export type LaneId = 'lifecycle' | 'inputs' | 'runs' | 'nodes';

/** Top to bottom. */
export const LANES: ReadonlyArray<{ id: LaneId; label: string }> = [
  { id: 'lifecycle', label: 'Lifecycle' },
  { id: 'inputs', label: 'Input changes' },
  { id: 'runs', label: 'Runs' },
  { id: 'nodes', label: 'Node failures' },
];

export function laneOf(type: EventType): LaneId {
  switch (type) {
    case 'SCENARIO_CREATED':
    case 'SCENARIO_UPDATED':
    case 'SCENARIO_SUBMITTED':
    case 'SCENARIO_LOCKED':
      return 'lifecycle';
    case 'INPUT_CHANGED':
      return 'inputs';
    case 'RUN_STARTED':
    case 'RUN_COMPLETED':
    case 'RUN_FAILED':
    case 'RUN_TIMEOUT':
      return 'runs';
    case 'NODE_CALC_FAILED':
      return 'nodes';
    default: {
      const never: never = type;
      return never;
    }
  }
}

export function laneIndex(lane: LaneId): number {
  return LANES.findIndex((l) => l.id === lane);
}

export function isFailureEvent(type: EventType): boolean {
  return type === 'RUN_FAILED' || type === 'RUN_TIMEOUT' || type === 'NODE_CALC_FAILED';
}

const TYPE_LABELS: Record<EventType, string> = {
  SCENARIO_CREATED: 'Scenario created',
  SCENARIO_UPDATED: 'Scenario updated',
  SCENARIO_SUBMITTED: 'Scenario submitted',
  SCENARIO_LOCKED: 'Scenario locked',
  INPUT_CHANGED: 'Input changed',
  RUN_STARTED: 'Run started',
  RUN_COMPLETED: 'Run completed',
  RUN_FAILED: 'Run failed',
  RUN_TIMEOUT: 'Run timed out',
  NODE_CALC_FAILED: 'Node calc failed',
};

export function eventTypeLabel(type: EventType | string): string {
  return TYPE_LABELS[type as EventType] ?? type;
}

/** Milliseconds since the epoch (microseconds, when present, are dropped). */
export function eventMs(iso: string): number {
  return Date.parse(iso);
}

export interface ChartPoint {
  x: number;
  y: number;
  key: string;
  type: EventType;
  failure: boolean;
}

export interface ChartLane {
  id: LaneId;
  label: string;
  index: number;
  points: ChartPoint[];
}

export interface ChartModel {
  lanes: ChartLane[];
  /** No event at all in the range: the axis has nothing to show. */
  empty: boolean;
  /** x axis range (ms), padded so points do not sit on the border. */
  min: number;
  max: number;
  count: number;
  failures: number;
  first: string | null;
  last: string | null;
}

const HOUR = 3_600_000;

/**
 * Points by lane. The x range comes from `rangeOf` (default: the events themselves), so a
 * filtered chart keeps the axis of the whole timeline.
 */
export function chartModel(events: readonly TimelineEvent[], rangeOf: readonly TimelineEvent[] = events): ChartModel {
  const lanes: ChartLane[] = LANES.map((l, index) => ({ id: l.id, label: l.label, index, points: [] }));
  let failures = 0;
  let first: string | null = null;
  let last: string | null = null;
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const e of events) {
    const x = eventMs(e.event_timestamp);
    if (!Number.isFinite(x)) continue;
    const index = laneIndex(laneOf(e.event_type));
    const failure = isFailureEvent(e.event_type);
    if (failure) failures++;
    lanes[index]!.points.push({ x, y: index, key: e.event_key, type: e.event_type, failure });
    if (x < firstMs) {
      firstMs = x;
      first = e.event_timestamp;
    }
    if (x > lastMs) {
      lastMs = x;
      last = e.event_timestamp;
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of rangeOf) {
    const x = eventMs(e.event_timestamp);
    if (!Number.isFinite(x)) continue;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const count = lanes.reduce((n, l) => n + l.points.length, 0);
  if (!Number.isFinite(lo)) return { lanes, empty: true, min: -HOUR, max: HOUR, count, failures, first, last };
  const span = hi - lo;
  const pad = span > 0 ? span * 0.03 : HOUR;
  return { lanes, empty: false, min: lo - pad, max: hi + pad, count, failures, first, last };
}

const S = 1000;
const M = 60 * S;
const D = 24 * HOUR;
const STEPS = [
  S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S,
  M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  D, 2 * D, 3 * D, 7 * D, 14 * D, 28 * D, 56 * D, 91 * D, 182 * D, 364 * D,
];

/**
 * Round UTC tick values between min and max, at most `maxTicks` of them: the smallest step
 * of 1 s … 1 year that fits, ticks at multiples of it (days start at midnight UTC).
 */
export function timeTicks(min: number, max: number, maxTicks = 8): { step: number; ticks: number[] } {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return { step: S, ticks: Number.isFinite(min) ? [min] : [] };
  const want = Math.max(1, maxTicks);
  let step = STEPS.find((s) => span / s <= want);
  if (step === undefined) step = Math.ceil(span / want / (364 * D)) * 364 * D;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return { step, ticks };
}

/** A tick label for a tick of `step`: a date, a date and minute, or a time of day (UTC). */
export function formatTimeTick(ms: number, step: number): string {
  const iso = new Date(ms).toISOString();
  if (step >= D) return iso.slice(0, 10);
  if (step >= M) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(11, 19);
}

/** What the chart shows, for screen readers (the table below lists the same events). */
export function chartSummary(m: ChartModel): string {
  if (m.count === 0) return 'Timeline chart: no events to show.';
  const lanes = m.lanes.filter((l) => l.points.length > 0).map((l) => `${l.label} ${groupDigits(l.points.length)}`);
  return `Timeline chart of ${groupDigits(m.count)} events from ${formatIso(m.first)} to ${formatIso(m.last)} UTC (${lanes.join(', ')}); ${groupDigits(m.failures)} failures. The table below lists the same events.`;
}

export interface EventFilter {
  /** '' (all), 'failures', or an EventType. */
  type: string;
  user: string;
  node: string;
  search: string;
}

export const NO_FILTER: EventFilter = { type: '', user: '', node: '', search: '' };

export function isFiltered(f: EventFilter): boolean {
  return f.type !== '' || f.user !== '' || f.node !== '' || f.search.trim() !== '';
}

function searchText(e: TimelineEvent): string {
  let details = '';
  try {
    details = JSON.stringify(e.details ?? {});
  } catch {
    details = '';
  }
  return [e.event_type, eventTypeLabel(e.event_type), e.description, e.event_user, e.node_name, e.run_id, e.request_id, e.node_id, details]
    .filter((x) => x)
    .join('\n')
    .toLowerCase();
}

/** Events matching every filter; the search matches (case-insensitively) any text of the event. */
export function filterEvents(events: readonly TimelineEvent[], f: EventFilter): TimelineEvent[] {
  const q = f.search.trim().toLowerCase();
  return events.filter(
    (e) =>
      (f.type === '' || (f.type === 'failures' ? isFailureEvent(e.event_type) : e.event_type === f.type)) &&
      (f.user === '' || e.event_user === f.user) &&
      (f.node === '' || e.node_name === f.node) &&
      (q === '' || searchText(e).includes(q)),
  );
}

export interface FilterOptions {
  types: Array<{ value: string; label: string }>;
  users: string[];
  nodes: string[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The choices of the filter selects: the types, users and nodes present. */
export function filterOptions(events: readonly TimelineEvent[]): FilterOptions {
  const types = new Set<EventType>();
  const users = new Set<string>();
  const nodes = new Set<string>();
  for (const e of events) {
    types.add(e.event_type);
    if (e.event_user) users.add(e.event_user);
    if (e.node_name) nodes.add(e.node_name);
  }
  const typeOrder = Object.keys(TYPE_LABELS) as EventType[];
  return {
    types: [
      { value: '', label: 'All types' },
      { value: 'failures', label: 'Failures only' },
      ...typeOrder.filter((t) => types.has(t)).map((t) => ({ value: t, label: eventTypeLabel(t) })),
    ],
    users: [...users].sort(byText),
    nodes: [...nodes].sort(byText),
  };
}

/** `type "Run failed", user "j.tanaka", search "growth"`. */
export function describeFilter(f: EventFilter): string {
  const parts: string[] = [];
  if (f.type) parts.push(`type "${f.type === 'failures' ? 'Failures only' : eventTypeLabel(f.type)}"`);
  if (f.user) parts.push(`user "${f.user}"`);
  if (f.node) parts.push(`node "${f.node}"`);
  if (f.search.trim()) parts.push(`search "${f.search.trim()}"`);
  return parts.join(', ');
}

/** What an empty table says: what was searched, where. */
export function emptyEventsText(scenarioName: string, where: string, f: EventFilter, total: number): string {
  if (total === 0) return `No events recorded for scenario "${scenarioName}" on ${where}.`;
  return `No events match ${describeFilter(f)} among the ${groupDigits(total)} events of scenario "${scenarioName}" on ${where}.`;
}

export interface EventActions {
  /** The run whose input snapshot / comparison an event offers. */
  runId: string | null;
  /** INPUT_CHANGED: the first run that used the save (null when none ran after it). */
  nextRun: RunSummary | null;
  inputChange: boolean;
}

export function eventActions(e: TimelineEvent, runs: readonly RunSummary[]): EventActions {
  const inputChange = e.event_type === 'INPUT_CHANGED';
  return {
    runId: e.run_id,
    nextRun: inputChange ? firstRunAtOrAfter(runs, e.event_timestamp) : null,
    inputChange,
  };
}

export interface TimelineCounts {
  events: number;
  runs: number;
  failedRuns: number;
  inputChanges: number;
  users: number;
}

export function timelineCounts(events: readonly TimelineEvent[], runs: readonly RunSummary[]): TimelineCounts {
  const users = new Set<string>();
  let inputChanges = 0;
  for (const e of events) {
    if (e.event_user) users.add(e.event_user);
    if (e.event_type === 'INPUT_CHANGED') inputChanges++;
  }
  return {
    events: events.length,
    runs: runs.length,
    failedRuns: runs.filter((r) => isFailedRun(r.run_status)).length,
    inputChanges,
    users: users.size,
  };
}

/** Events in timeline order (timestamp, then key) — the table's order. */
export function sortEvents(events: readonly TimelineEvent[]): TimelineEvent[] {
  return [...events].sort((a, b) => compareIso(a.event_timestamp, b.event_timestamp) || byText(a.event_key, b.event_key));
}

export const EVENT_COLUMNS = ['Time (UTC)', 'Type', 'User', 'Node', 'Description'];

/** The events table as GFM Markdown (what is shown: filtered). */
export function eventsMarkdown(events: readonly TimelineEvent[], title: string): string {
  return markdownTable(
    [...EVENT_COLUMNS, 'Run id'],
    events.map((e) => [
      formatIso(e.event_timestamp),
      eventTypeLabel(e.event_type),
      e.event_user,
      e.node_name,
      e.description,
      e.run_id ? { code: e.run_id } : null,
    ]),
    title,
  );
}

/** Pretty-printed details JSON (`{}` when none). */
export function detailsJson(e: TimelineEvent): string {
  try {
    return JSON.stringify(e.details ?? {}, null, 2);
  } catch {
    return '{}';
  }
}
