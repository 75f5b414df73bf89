/**
 * The Overview's data shaping: KPI cards with their change against the previous period,
 * chart models (runs per day, failed nodes, processing time by node type, a scenario's
 * duration trend), filter choices, drill-down titles, empty-state texts, and every table
 * as CSV and Markdown. Pure; tested in test/unit/webview/overviewModel.test.ts.
 */
import { toCsv, type CsvCell } from '../../src/core/csv';
import { failuresOnly, rangeLabel, RANGE_PRESETS, type Day, type OverviewFilter, type ResolvedRange } from '../../src/core/overviewFilter';
import { FAILED_RUN_STATUSES, isFailedRun } from '../../src/core/runRules';
import { formatDuration } from '../../src/core/time';
import type { DayRuns, DurationTrend, FailedCalcPoint, FailedNodeRow, FailingScenario, FilterOptions, KpiComparison, NodeTypeTiming, OverviewRun, RunsDrill, SignatureRow, CategoryRow } from '../../src/core/overviewData';
import { formatIso, groupDigits } from '../common/format';
import { markdownTable, type MdCell } from '../common/markdownTable';

// ---------------------------------------------------------------------------------------------
// Numbers

/** 0.8636 → `86.4%`; null → `—`. */
export function formatPercent(x: number | null, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

/** Seconds with a sensible precision: `0.21 s`, `2.8 s`, `18.6 s`, `15 min 5 s`. */
export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  if (s < 1) return `${s.toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  return formatDuration(s * 1000);
}

function signed(n: string, negative: boolean, zero: boolean): string {
  return zero ? `±${n}` : `${negative ? '−' : '+'}${n}`;
}

// ---------------------------------------------------------------------------------------------
// KPI cards

export type Tone = 'good' | 'bad' | 'neutral';

export interface KpiCard {
  id: 'scenarios' | 'runs' | 'success' | 'duration' | 'failures';
  label: string;
  value: string;
  /** A second line under the value (failed / timeouts). */
  detail: string | null;
  /** `+12 (+8.0%)`, `−2.1 pp`, `new`, or `no previous data`. */
  delta: string;
  /** Whether the change is good or bad news (more failures: bad; higher success rate: good). */
  tone: Tone;
  /** Full sentence for the title / screen readers. */
  description: string;
  /** The runs this card counts (clicking shows them), or null. */
  drill: RunsDrill | null;
}

/** Change of a count or mean: absolute and relative. `higherIsBetter` null: neutral either way. */
export function countDelta(cur: number | null, prev: number | null, higherIsBetter: boolean | null, format: (n: number) => string = groupDigits): { text: string; tone: Tone } {
  if (cur === null || prev === null) return { text: cur === null ? '—' : 'no previous data', tone: 'neutral' };
  const d = cur - prev;
  const tone: Tone = d === 0 || higherIsBetter === null ? 'neutral' : d > 0 === higherIsBetter ? 'good' : 'bad';
  if (prev === 0) return { text: d === 0 ? '±0' : `${signed(format(Math.abs(d)), d < 0, false)} (new)`, tone };
  const rel = (d / prev) * 100;
  const relText = Math.abs(rel) >= 1000 ? `${Math.round(Math.abs(rel))}%` : `${Math.abs(rel).toFixed(1)}%`;
  return { text: `${signed(format(Math.abs(d)), d < 0, d === 0)} (${signed(relText, rel < 0, d === 0)})`, tone };
}

/** Change of a rate in percentage points. */
export function rateDelta(cur: number | null, prev: number | null): { text: string; tone: Tone } {
  if (cur === null || prev === null) return { text: cur === null ? '—' : 'no previous data', tone: 'neutral' };
  const pp = (cur - prev) * 100;
  const rounded = Math.round(pp * 10) / 10;
  if (rounded === 0) return { text: '±0.0 pp', tone: 'neutral' };
  return { text: `${signed(Math.abs(rounded).toFixed(1), rounded < 0, false)} pp`, tone: rounded > 0 ? 'good' : 'bad' };
}

const roundedMs = (n: number): string => formatDuration(n);

export function kpiCards(k: KpiComparison, filter: Pick<OverviewFilter, 'errorText' | 'nodeType'>): KpiCard[] {
  const c = k.current;
  const p = k.previous;
  const vs = `vs ${rangeLabel(k.previousRange)}`;
  const onlyFailures = failuresOnly(filter);
  const scen = countDelta(c.scenarios, p.scenarios, null);
  const runs = countDelta(c.runs, p.runs, null);
  const rate = onlyFailures ? { text: 'failed runs only', tone: 'neutral' as Tone } : rateDelta(c.success_rate, p.runs > 0 ? p.success_rate : null);
  const dur = countDelta(c.avg_duration_ms, p.avg_duration_ms, false, roundedMs);
  const fail = countDelta(c.failures, p.failures, false);
  return [
    {
      id: 'scenarios',
      label: 'Scenarios run',
      value: groupDigits(c.scenarios),
      detail: null,
      delta: scen.text,
      tone: scen.tone,
      description: `${groupDigits(c.scenarios)} scenarios had a run (${groupDigits(p.scenarios)} ${vs})`,
      drill: null,
    },
    {
      id: 'runs',
      label: 'Runs',
      value: groupDigits(c.runs),
      detail: c.runs > c.finished ? `${groupDigits(c.runs - c.finished)} not finished` : null,
      delta: runs.text,
      tone: runs.tone,
      description: `${groupDigits(c.runs)} runs started (${groupDigits(p.runs)} ${vs})`,
      drill: {},
    },
    {
      id: 'success',
      label: 'Success rate',
      value: onlyFailures ? '—' : formatPercent(c.success_rate),
      detail: onlyFailures ? null : `${groupDigits(c.succeeded)} of ${groupDigits(c.finished)} finished`,
      delta: rate.text,
      tone: rate.tone,
      description: onlyFailures
        ? 'Success rate: not meaningful while error text or node type keep only failed runs'
        : `Success rate ${formatPercent(c.success_rate)} of finished runs (${formatPercent(p.success_rate)} ${vs})`,
      drill: onlyFailures ? null : { statuses: ['success'] },
    },
    {
      id: 'duration',
      label: 'Average run duration',
      value: formatDuration(c.avg_duration_ms),
      detail: c.finished > 0 ? `over ${groupDigits(c.finished)} finished runs` : null,
      delta: dur.text,
      tone: dur.tone,
      description: `Average duration of finished runs ${formatDuration(c.avg_duration_ms)} (${formatDuration(p.avg_duration_ms)} ${vs})`,
      drill: null,
    },
    {
      id: 'failures',
      label: 'Failures',
      value: groupDigits(c.failures),
      detail: `${groupDigits(c.failed)} failed · ${groupDigits(c.timeouts)} timed out`,
      delta: fail.text,
      tone: fail.tone,
      description: `${groupDigits(c.failures)} runs failed or timed out (${groupDigits(p.failures)} ${vs})`,
      drill: { statuses: [...FAILED_RUN_STATUSES] },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Runs per day

export const DAY_SERIES = [
  { key: 'success', label: 'Success' },
  { key: 'failed', label: 'Failed' },
  { key: 'timeout', label: 'Timeout' },
  { key: 'other', label: 'Queued / running' },
] as const;
export type DaySeriesKey = (typeof DAY_SERIES)[number]['key'];

export interface DayChartModel {
  days: Day[];
  /** `11-07` (the year is in the range label). */
  labels: string[];
  series: Array<{ key: DaySeriesKey; label: string; data: number[] }>;
  total: number;
  failures: number;
  /** The busiest day (most runs), null when no run. */
  peak: DayRuns | null;
}

export function dayChartModel(days: readonly DayRuns[]): DayChartModel {
  const series = DAY_SERIES.filter((s) => s.key !== 'other' || days.some((d) => d.other > 0)).map((s) => ({ key: s.key, label: s.label, data: days.map((d) => d[s.key]) }));
  let peak: DayRuns | null = null;
  for (const d of days) if (d.total > 0 && (!peak || d.total > peak.total)) peak = d;
  return {
    days: days.map((d) => d.day),
    labels: days.map((d) => d.day.slice(5)),
    series,
    total: days.reduce((n, d) => n + d.total, 0),
    failures: days.reduce((n, d) => n + d.failed + d.timeout, 0),
    peak,
  };
}

export function dayChartSummary(m: DayChartModel, range: ResolvedRange): string {
  if (m.total === 0) return `Runs per day: no runs between ${rangeLabel(range)}.`;
  return `Runs per day, ${rangeLabel(range)}: ${groupDigits(m.total)} runs, ${groupDigits(m.failures)} failed or timed out${m.peak ? `; busiest day ${m.peak.day} with ${groupDigits(m.peak.total)}` : ''}. The table "Runs per day" lists the same numbers.`;
}

// ---------------------------------------------------------------------------------------------
// Failed nodes

export interface BarModel {
  labels: string[];
  /** Full text per bar (tooltip). */
  titles: string[];
  values: number[];
  ids: string[];
}

export function failedNodesChartModel(rows: readonly FailedNodeRow[], max = 12): BarModel {
  const top = rows.slice(0, max);
  const cut = (t: string, n: number): string => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
  const names = top.map((r) => r.node_name);
  // Nodes of different models may share a name: those labels say which model.
  const label = (r: FailedNodeRow): string => (names.filter((n) => n === r.node_name).length > 1 ? `${cut(r.node_name, 22)} (${cut(r.model_name, 16)})` : cut(r.node_name, 28));
  return {
    labels: top.map(label),
    titles: top.map((r) => `${r.node_name} (${r.node_type}) · ${r.model_name}`),
    values: top.map((r) => r.failures),
    ids: top.map((r) => r.node_id),
  };
}

// ---------------------------------------------------------------------------------------------
// Processing time by node type

export interface TimingBox {
  index: number;
  nodeType: string;
  min: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  max: number | null;
  calcs: number;
  failed: number;
}

export interface TimingPoint {
  /** Seconds (clamped to the axis minimum on a log axis). */
  x: number;
  /** Category index plus a small deterministic jitter. */
  y: number;
  calc: FailedCalcPoint;
}

export interface TimingChartModel {
  types: string[];
  boxes: TimingBox[];
  points: TimingPoint[];
  /** Logarithmic seconds axis when the spread is wide (≥ 100×). */
  log: boolean;
  min: number;
  max: number;
}

/** A stable pseudo-random number in [-0.5, 0.5) from an id (jitter that does not move on redraw). */
export function jitterOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 1000) / 1000 - 0.5;
}

export function timingChartModel(timing: readonly NodeTypeTiming[], calcs: readonly FailedCalcPoint[]): TimingChartModel {
  const types = timing.map((t) => t.node_type);
  for (const c of calcs) if (!types.includes(c.node_type)) types.push(c.node_type);
  const boxes: TimingBox[] = types.map((nodeType, index) => {
    const t = timing.find((x) => x.node_type === nodeType);
    return {
      index,
      nodeType,
      min: t?.min_s ?? null,
      p25: t?.p25_s ?? null,
      p50: t?.p50_s ?? null,
      p75: t?.p75_s ?? null,
      p95: t?.p95_s ?? null,
      max: t?.max_s ?? null,
      calcs: t?.calcs ?? 0,
      failed: t?.failed ?? 0,
    };
  });
  const values: number[] = [];
  for (const b of boxes) for (const v of [b.min, b.max]) if (v !== null && v > 0) values.push(v);
  for (const c of calcs) if (c.duration_s !== null && c.duration_s > 0) values.push(c.duration_s);
  const lo = values.length ? Math.min(...values) : 0.01;
  const hi = values.length ? Math.max(...values) : 1;
  const log = hi / lo >= 100;
  const floor = log ? lo : 0;
  const points: TimingPoint[] = calcs
    .filter((c) => c.duration_s !== null)
    .map((c) => ({ x: Math.max(c.duration_s as number, floor), y: types.indexOf(c.node_type) + jitterOf(c.calc_id) * 0.5, calc: c }));
  return { types, boxes, points, log, min: log ? lo / 1.5 : 0, max: hi * (log ? 1.5 : 1.05) };
}

export function timingSummary(m: TimingChartModel): string {
  if (m.boxes.every((b) => b.calcs === 0)) return 'Processing time by node type: no node calculations in the range.';
  const parts = m.boxes.map((b) => `${b.nodeType}: median ${formatSeconds(b.p50)}, 95th percentile ${formatSeconds(b.p95)}, ${groupDigits(b.failed)} failed`);
  return `Processing time by node type (${parts.join('; ')}). Failed calculations are marked in the error colour. The table below lists the same figures.`;
}

// ---------------------------------------------------------------------------------------------
// Duration trend of one scenario

export interface TrendChartPoint {
  x: number;
  /** Minutes. */
  y: number;
  run_id: string;
  status: string;
  failed: boolean;
}

export interface TrendModel {
  points: TrendChartPoint[];
  /** Runs without a duration (not finished). */
  unfinished: number;
  failures: number;
  medianMs: number | null;
  min: number;
  max: number;
}

export function trendModel(t: DurationTrend | null): TrendModel {
  const points: TrendChartPoint[] = [];
  let unfinished = 0;
  let failures = 0;
  const durations: number[] = [];
  for (const p of t?.points ?? []) {
    const failed = isFailedRun(p.run_status);
    if (failed) failures++;
    if (p.duration_ms === null) {
      unfinished++;
      continue;
    }
    durations.push(p.duration_ms);
    points.push({ x: Date.parse(p.run_at), y: p.duration_ms / 60_000, run_id: p.run_id, status: p.run_status, failed });
  }
  durations.sort((a, b) => a - b);
  const mid = durations.length >> 1;
  const medianMs = durations.length === 0 ? null : durations.length % 2 ? durations[mid]! : (durations[mid - 1]! + durations[mid]!) / 2;
  const xs = points.map((p) => p.x);
  const lo = xs.length ? Math.min(...xs) : 0;
  const hi = xs.length ? Math.max(...xs) : 1;
  const pad = hi > lo ? (hi - lo) * 0.03 : 3_600_000;
  return { points, unfinished, failures, medianMs, min: lo - pad, max: hi + pad };
}

export function trendSummary(t: DurationTrend | null, m: TrendModel): string {
  if (!t) return 'Duration trend: no scenario chosen.';
  if (t.points.length === 0) return `Duration trend of "${t.scenario_name}": no runs between ${rangeLabel(t.range)}.`;
  return `Duration trend of "${t.scenario_name}": ${groupDigits(t.points.length)} runs, ${groupDigits(m.failures)} failed or timed out, median duration ${formatDuration(m.medianMs)}.`;
}

// ---------------------------------------------------------------------------------------------
// Filters

export interface Choice {
  value: string;
  label: string;
}

export const CUSTOM_RANGE = 'custom';

export function rangeChoices(): Choice[] {
  return [
    ...RANGE_PRESETS.map((d) => ({ value: String(d), label: d === 1 ? 'Last day with data' : `Last ${d} days` })),
    { value: CUSTOM_RANGE, label: 'Custom range…' },
  ];
}

/** The range select's value for a filter. */
export function rangeValue(f: OverviewFilter): string {
  return f.range.kind === 'last' && (RANGE_PRESETS as readonly number[]).includes(f.range.days) ? String(f.range.days) : CUSTOM_RANGE;
}

export interface FilterChoices {
  models: Choice[];
  diseaseAreas: Choice[];
  statuses: Choice[];
  nodeTypes: Choice[];
}

export function filterChoices(o: FilterOptions): FilterChoices {
  return {
    models: [{ value: '', label: 'All models' }, ...o.models.map((m) => ({ value: m.value, label: m.label }))],
    diseaseAreas: [{ value: '', label: 'All disease areas' }, ...o.diseaseAreas.map((m) => ({ value: m.value, label: m.label }))],
    statuses: [{ value: '', label: 'Any status' }, ...o.statuses.map((m) => ({ value: m.value, label: m.label }))],
    nodeTypes: [{ value: '', label: 'Any node type' }, ...o.nodeTypes.map((m) => ({ value: m.value, label: m.label }))],
  };
}

/** A model id → its name (for texts); the id itself when unknown. */
export function modelLabel(o: FilterOptions | null, id: string): string {
  return o?.models.find((m) => m.value === id)?.label ?? id;
}

// ---------------------------------------------------------------------------------------------
// Drill-down and empty states

const STATUS_WORDS: Record<string, string> = { success: 'successful', failed: 'failed', timeout: 'timed-out', queued: 'queued', running: 'running' };

export interface DrillNames {
  node?: (id: string) => string | undefined;
  scenario?: (id: string) => string | undefined;
}

/** `Failed or timed-out runs on 2026-11-11 where node "Price erosion" failed`. */
export function drillTitle(d: RunsDrill, names: DrillNames = {}): string {
  const st = d.statuses?.length ? d.statuses.map((s) => STATUS_WORDS[s] ?? s).join(' or ') : '';
  let t = st ? `${st.charAt(0).toUpperCase()}${st.slice(1)} runs` : 'Runs';
  if (d.scenarioId) t += ` of scenario "${names.scenario?.(d.scenarioId) ?? d.scenarioId}"`;
  if (d.day) t += ` on ${d.day}`;
  if (d.nodeId) t += ` where node "${names.node?.(d.nodeId) ?? d.nodeId}" failed`;
  if (d.signature) t += ` with error ${d.signature.length > 90 ? `${d.signature.slice(0, 89)}…` : d.signature}`;
  return t;
}

/** What was searched, for empty states: `between 2026-11-07 – 2026-11-20 on demo (reporting schema), model "…"`. */
export function searchedText(range: ResolvedRange, where: string, narrowing: string): string {
  return `between ${rangeLabel(range)} on ${where}${narrowing ? ` matching ${narrowing}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Tables: one column list gives the CSV and the Markdown

export interface TableColumn<T> {
  header: string;
  csv(row: T): CsvCell;
  md?(row: T): MdCell;
}

export function tableCsv<T>(columns: ReadonlyArray<TableColumn<T>>, rows: readonly T[]): string {
  return toCsv(
    columns.map((c) => c.header),
    rows.map((r) => columns.map((c) => c.csv(r))),
  );
}

export function tableMarkdown<T>(columns: ReadonlyArray<TableColumn<T>>, rows: readonly T[], title: string): string {
  return markdownTable(
    columns.map((c) => c.header),
    rows.map((r) =>
      columns.map((c) => {
        if (c.md) return c.md(r);
        const v = c.csv(r);
        return typeof v === 'boolean' ? String(v) : v;
      }),
    ),
    title,
  );
}

const code = (s: string | null | undefined): MdCell => (s ? { code: s } : null);

export const DAY_COLUMNS: Array<TableColumn<DayRuns>> = [
  { header: 'Day (UTC)', csv: (r) => r.day },
  { header: 'Runs', csv: (r) => r.total },
  { header: 'Success', csv: (r) => r.success },
  { header: 'Failed', csv: (r) => r.failed },
  { header: 'Timeout', csv: (r) => r.timeout },
  { header: 'Queued / running', csv: (r) => r.other },
];

export const TOP_FAILING_COLUMNS: Array<TableColumn<FailingScenario>> = [
  { header: 'Scenario', csv: (r) => r.scenario_name },
  { header: 'Model', csv: (r) => r.model_name },
  { header: 'Failures', csv: (r) => r.failures },
  { header: 'Timeouts', csv: (r) => r.timeouts },
  { header: 'Runs', csv: (r) => r.runs },
  { header: 'Last failure (UTC)', csv: (r) => formatIso(r.last_failure_at) },
  { header: 'Last fail reason', csv: (r) => r.last_fail_reason },
  { header: 'Scenario id', csv: (r) => r.scenario_id, md: (r) => code(r.scenario_id) },
  { header: 'Last failed run id', csv: (r) => r.last_failed_run_id, md: (r) => code(r.last_failed_run_id) },
];

export const SIGNATURE_COLUMNS: Array<TableColumn<SignatureRow>> = [
  { header: 'Runs', csv: (r) => r.count },
  { header: 'Signature', csv: (r) => r.signature, md: (r) => code(r.signature) },
  { header: 'Category', csv: (r) => r.category ?? '' },
  { header: 'Scenarios', csv: (r) => r.scenarios },
  { header: 'Models', csv: (r) => r.model_names.join('; ') },
  { header: 'First seen (UTC)', csv: (r) => formatIso(r.first_seen) },
  { header: 'Last seen (UTC)', csv: (r) => formatIso(r.last_seen) },
  { header: 'Latest text', csv: (r) => r.example },
];

const SPARK = '▁▂▃▄▅▆▇█';

/**
 * A day-by-day count as a one-line text sparkline (`▁` for 0, `█` for the maximum); more
 * than `maxMarks` days are summed into that many equal spans, oldest first.
 */
export function sparkline(values: readonly number[], maxMarks = 20): string {
  let marks = [...values];
  if (marks.length > maxMarks) {
    const per = Math.ceil(marks.length / maxMarks);
    marks = [];
    for (let i = 0; i < values.length; i += per) marks.push(values.slice(i, i + per).reduce((a, b) => a + b, 0));
  }
  const max = Math.max(0, ...marks);
  return marks.map((v) => (max === 0 || v <= 0 ? SPARK[0] : SPARK[Math.max(1, Math.round((v / max) * (SPARK.length - 1)))])).join('');
}

export const CATEGORY_COLUMNS: Array<TableColumn<CategoryRow>> = [
  { header: 'Category', csv: (r) => r.category },
  { header: 'Failed runs', csv: (r) => r.failures },
  { header: 'Per day', csv: (r) => r.perDay.join(' '), md: (r) => code(sparkline(r.perDay)) },
];

export const FAILED_NODE_COLUMNS: Array<TableColumn<FailedNodeRow>> = [
  { header: 'Node', csv: (r) => r.node_name },
  { header: 'Type', csv: (r) => r.node_type },
  { header: 'Model', csv: (r) => r.model_name },
  { header: 'Failures', csv: (r) => r.failures },
  { header: 'Runs', csv: (r) => r.runs },
  { header: 'Scenarios', csv: (r) => r.scenarios },
  { header: 'Last failed (UTC)', csv: (r) => formatIso(r.last_failed_at) },
  { header: 'Last fail reason', csv: (r) => r.last_fail_reason },
  { header: 'Node id', csv: (r) => r.node_id, md: (r) => code(r.node_id) },
];

const sec = (n: number | null): CsvCell => (n === null ? null : Math.round(n * 1000) / 1000);

export const TIMING_COLUMNS: Array<TableColumn<NodeTypeTiming>> = [
  { header: 'Node type', csv: (r) => r.node_type },
  { header: 'Calcs', csv: (r) => r.calcs },
  { header: 'Failed', csv: (r) => r.failed },
  { header: 'Skipped', csv: (r) => r.skipped },
  { header: 'Min (s)', csv: (r) => sec(r.min_s) },
  { header: 'Median (s)', csv: (r) => sec(r.p50_s) },
  { header: 'P95 (s)', csv: (r) => sec(r.p95_s) },
  { header: 'Max (s)', csv: (r) => sec(r.max_s) },
  { header: 'Mean (s)', csv: (r) => sec(r.avg_s) },
  { header: 'Mean of failed (s)', csv: (r) => sec(r.avg_failed_s) },
];

export const RUN_COLUMNS: Array<TableColumn<OverviewRun>> = [
  { header: 'Started (UTC)', csv: (r) => formatIso(r.run_at) },
  { header: 'Status', csv: (r) => r.run_status },
  { header: 'Scenario', csv: (r) => r.scenario_name },
  { header: 'Model', csv: (r) => r.model_name },
  { header: 'Duration', csv: (r) => (r.duration_ms === null ? null : formatDuration(r.duration_ms)), md: (r) => formatDuration(r.duration_ms) },
  { header: 'Run by', csv: (r) => r.run_by },
  { header: 'Failed nodes', csv: (r) => r.nodes_failed },
  { header: 'Fail reason', csv: (r) => r.fail_reason },
  { header: 'Run id', csv: (r) => r.run_id, md: (r) => code(r.run_id) },
  { header: 'Scenario id', csv: (r) => r.scenario_id, md: (r) => code(r.scenario_id) },
];

export const TREND_COLUMNS: Array<TableColumn<DurationTrend['points'][number]>> = [
  { header: 'Started (UTC)', csv: (r) => formatIso(r.run_at) },
  { header: 'Status', csv: (r) => r.run_status },
  { header: 'Duration (s)', csv: (r) => (r.duration_ms === null ? null : Math.round(r.duration_ms) / 1000), md: (r) => formatDuration(r.duration_ms) },
  { header: 'Run by', csv: (r) => r.run_by },
  { header: 'Fail reason', csv: (r) => r.fail_reason },
  { header: 'Run id', csv: (r) => r.run_id, md: (r) => code(r.run_id) },
];

/** `clearsight-top-failing-scenarios-2026-11-07-2026-11-20.csv`. */
export function exportName(table: string, range: ResolvedRange): string {
  const last = rangeLabel(range).replace(/\s+–\s+/, '-');
  return `clearsight-${table.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${last}.csv`;
}
