/**
 * The user journey panel's data shaping: actions per day for the chart (every day of the
 * range), session texts, session filters (a scenario, a day), action labels and icons,
 * and the tables as CSV / Markdown. Pure; tested in test/unit/webview/overviewModel.test.ts.
 */
import type { DayActivity, JourneyAction, JourneySession, ScenarioTouched } from '../../src/core/journey';
import { addDays, type ResolvedRange } from '../../src/core/overviewFilter';
import { isFailedRun } from '../../src/core/runRules';
import { formatDuration } from '../../src/core/time';
import { formatIso, groupDigits, plural } from '../common/format';
import type { DayChartModel, TableColumn } from '../overview/model';

const LABELS: Record<string, string> = {
  SCENARIO_CREATED: 'Created the scenario',
  SCENARIO_UPDATED: 'Updated the scenario',
  SCENARIO_SUBMITTED: 'Submitted the scenario',
  SCENARIO_LOCKED: 'Locked the scenario',
  INPUT_CHANGED: 'Changed an input',
  RUN_STARTED: 'Started a run',
};

export function actionLabel(type: string): string {
  return LABELS[type] ?? type;
}

export function actionIcon(a: Pick<JourneyAction, 'event_type' | 'run_status'>): string {
  switch (a.event_type) {
    case 'INPUT_CHANGED':
      return 'edit';
    case 'RUN_STARTED':
      return a.run_status === 'failed' ? 'error' : a.run_status === 'timeout' ? 'watch' : a.run_status === 'success' ? 'pass' : 'play-circle';
    default:
      return 'milestone';
  }
}

export function isFailedAction(a: Pick<JourneyAction, 'event_type' | 'run_status'>): boolean {
  return a.event_type === 'RUN_STARTED' && isFailedRun(a.run_status);
}

/** `12 min`, `2 h 5 min`, `3 d 4 h`. */
export function formatGap(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** `Session 12 · 2026-11-14 09:02 – 09:47 UTC`. */
export function sessionTitle(s: JourneySession): string {
  const start = formatIso(s.start);
  const end = formatIso(s.end);
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return `Session ${s.index} · ${start.slice(0, 16)} – ${sameDay ? end.slice(11, 16) : end.slice(0, 16)} UTC`;
}

/** `45 min · 23 actions · 2 scenarios · 5 input changes · 2 runs (1 failed)` (no length for a single moment). */
export function sessionMeta(s: JourneySession): string {
  const parts = [plural(s.actions.length, 'action'), plural(s.scenario_ids.length, 'scenario')];
  if (s.duration_ms > 0) parts.unshift(formatDuration(s.duration_ms));
  if (s.input_changes > 0) parts.push(plural(s.input_changes, 'input change'));
  if (s.runs > 0) parts.push(`${plural(s.runs, 'run')}${s.failed_runs > 0 ? ` (${groupDigits(s.failed_runs)} failed)` : ''}`);
  return parts.join(' · ');
}

export interface SessionFilter {
  scenarioId: string | null;
  day: string | null;
}

/** Sessions touching the scenario and / or starting on the day. */
export function filterSessions(sessions: readonly JourneySession[], f: SessionFilter): JourneySession[] {
  return sessions.filter((s) => (!f.scenarioId || s.scenario_ids.includes(f.scenarioId)) && (!f.day || s.start.slice(0, 10) === f.day));
}

/** Actions per day as the stacked bars of the overview's day chart: runs that succeeded, failed, and the other actions. */
export function journeyDayModel(perDay: readonly DayActivity[], range: ResolvedRange): DayChartModel {
  const by = new Map(perDay.map((d) => [d.day, d]));
  const days: string[] = [];
  for (let d = range.from; d < range.to; d = addDays(d, 1)) days.push(d);
  // A range longer than the data (or data outside it after truncation) still shows every day with actions.
  for (const d of perDay) if (!days.includes(d.day)) days.push(d.day);
  days.sort();
  const get = (d: string) => by.get(d);
  const ok = days.map((d) => (get(d) ? get(d)!.runs - get(d)!.failed_runs : 0));
  const failed = days.map((d) => get(d)?.failed_runs ?? 0);
  const other = days.map((d) => (get(d) ? get(d)!.actions - get(d)!.runs : 0));
  let peakDay: string | null = null;
  let peak = 0;
  for (const d of perDay) {
    if (d.actions > peak) {
      peak = d.actions;
      peakDay = d.day;
    }
  }
  return {
    days,
    labels: days.map((d) => d.slice(5)),
    series: [
      { key: 'other', label: 'Input changes and lifecycle steps', data: other },
      { key: 'success', label: 'Runs started (not failed)', data: ok },
      { key: 'failed', label: 'Runs started that failed', data: failed },
    ],
    total: perDay.reduce((n, d) => n + d.actions, 0),
    failures: perDay.reduce((n, d) => n + d.failed_runs, 0),
    peak: peakDay ? { day: peakDay, success: 0, failed: 0, timeout: 0, other: 0, total: peak } : null,
  };
}

export function journeyDaySummary(user: string, m: DayChartModel, range: ResolvedRange): string {
  if (m.total === 0) return `Actions per day of ${user}: none in the range.`;
  return `Actions per day of ${user} from ${range.from} to ${addDays(range.to, -1)}: ${groupDigits(m.total)} actions, ${groupDigits(m.failures)} runs that failed${m.peak ? `; busiest day ${m.peak.day} with ${groupDigits(m.peak.total)}` : ''}. The table "Actions per day" lists the same numbers.`;
}

export function rangePresetLabel(days: number): string {
  return days === 1 ? 'Last day of activity' : `Last ${days} days of activity`;
}

// ---------------------------------------------------------------------------------------------

export interface ActionRow extends JourneyAction {
  session: number;
}

export function actionRows(sessions: readonly JourneySession[]): ActionRow[] {
  return sessions.flatMap((s) => s.actions.map((a) => ({ ...a, session: s.index })));
}

const code = (s: string | null | undefined) => (s ? { code: s } : null);

export const ACTION_COLUMNS: Array<TableColumn<ActionRow>> = [
  { header: 'Session', csv: (r) => r.session },
  { header: 'Time (UTC)', csv: (r) => formatIso(r.event_timestamp) },
  { header: 'Action', csv: (r) => actionLabel(r.event_type) },
  { header: 'Scenario', csv: (r) => r.scenario_name },
  { header: 'Model', csv: (r) => r.model_name },
  { header: 'Node', csv: (r) => r.node_name },
  { header: 'Run status', csv: (r) => r.run_status },
  { header: 'Fail reason', csv: (r) => r.fail_reason },
  { header: 'Run id', csv: (r) => r.run_id, md: (r) => code(r.run_id) },
  { header: 'Scenario id', csv: (r) => r.scenario_id, md: (r) => code(r.scenario_id) },
  { header: 'Request id', csv: (r) => r.request_id, md: (r) => code(r.request_id) },
];

export const SCENARIO_COLUMNS: Array<TableColumn<ScenarioTouched>> = [
  { header: 'Scenario', csv: (r) => r.scenario_name },
  { header: 'Model', csv: (r) => r.model_name },
  { header: 'Actions', csv: (r) => r.actions },
  { header: 'Input changes', csv: (r) => r.input_changes },
  { header: 'Runs', csv: (r) => r.runs },
  { header: 'Failed runs', csv: (r) => r.failed_runs },
  { header: 'Sessions', csv: (r) => r.sessions },
  { header: 'First (UTC)', csv: (r) => formatIso(r.first) },
  { header: 'Last (UTC)', csv: (r) => formatIso(r.last) },
  { header: 'Scenario id', csv: (r) => r.scenario_id, md: (r) => code(r.scenario_id) },
];

export const ACTIVITY_COLUMNS: Array<TableColumn<DayActivity>> = [
  { header: 'Day (UTC)', csv: (r) => r.day },
  { header: 'Actions', csv: (r) => r.actions },
  { header: 'Sessions started', csv: (r) => r.sessions },
  { header: 'Scenarios', csv: (r) => r.scenarios },
  { header: 'Runs', csv: (r) => r.runs },
  { header: 'Failed runs', csv: (r) => r.failed_runs },
];

/** `clearsight-journey-k-mueller-actions-2026-10-20-2026-11-18.csv`. */
export function journeyFileName(user: string, table: string, range: ResolvedRange): string {
  const slug = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `clearsight-journey-${slug(user) || 'user'}-${slug(table)}-${range.from}-${addDays(range.to, -1)}.csv`;
}
