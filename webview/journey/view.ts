/**
 * The user journey panel's views, pure functions of the data and the UI state (callbacks
 * in, `VNode`s out). main.ts mounts them and owns the chart.
 */
import type { DayActivity, JourneyAction, JourneySession, ScenarioTouched } from '../../src/core/journey';
import { addDays } from '../../src/core/overviewFilter';
import type { UserJourney } from '../../src/core/overviewData';
import type { SourceInfo } from '../../src/shared/protocol/common';
import { formatIso, groupDigits, plural } from '../common/format';
import { button, dataTable, describeSource, emptyView, icon, linkButton, section, selectField, statusBadge } from '../common/ui';
import { h, type Child, type VNode } from '../common/vdom';
import { formatDuration } from '../../src/core/time';
import { actionIcon, actionLabel, formatGap, isFailedAction, rangePresetLabel, sessionMeta, sessionTitle, type SessionFilter } from './model';

export type JourneyTable = 'actions' | 'scenarios' | 'days';

export interface JourneyActions {
  refresh(): void;
  setDays(days: number): void;
  openOverview(): void;
  openTimeline(scenarioId: string): void;
  compare(runId: string): void;
  openSnapshot(runId: string): void;
  reveal(scenarioId: string): void;
  /** An action's click: a failed run → its diff with the last success; anything else → the timeline. */
  openAction(a: JourneyAction): void;
  setScenario(scenarioId: string | null): void;
  setDay(day: string | null): void;
  toggleSession(index: number, open: boolean): void;
  expandAll(open: boolean): void;
  showMore(): void;
  exportTable(table: JourneyTable, target: 'file' | 'clipboard' | 'markdown'): void;
  mountChart(canvas: HTMLCanvasElement): void;
}

function exportButtons(table: JourneyTable, a: JourneyActions, disabled: boolean): Child[] {
  return [
    button('Export CSV…', () => a.exportTable(table, 'file'), { icon: 'desktop-download', secondary: true, testid: `export-${table}`, title: 'Save this table as a CSV file', disabled }),
    button('Copy CSV', () => a.exportTable(table, 'clipboard'), { icon: 'clippy', secondary: true, testid: `copy-csv-${table}`, title: 'Copy this table as CSV', disabled }),
    button('Copy as Markdown', () => a.exportTable(table, 'markdown'), { icon: 'copy', secondary: true, testid: `copy-md-${table}`, title: 'Copy this table as Markdown', disabled }),
  ];
}

export function headerView(j: UserJourney, presets: readonly number[], days: number, source: SourceInfo, a: JourneyActions): VNode {
  const s = j.summary;
  return h(
    'header',
    { class: 'panel-header' },
    h('div', { class: 'title-row' }, h('h1', { 'data-testid': 'journey-user' }, icon('person'), ' ', j.user.user_id)),
    h(
      'p',
      { class: 'meta' },
      h('span', null, 'First seen ', h('strong', null, formatIso(j.user.first_seen_at))),
      h('span', null, 'Last seen ', h('strong', null, formatIso(j.user.last_seen_at))),
      h('span', { 'data-testid': 'journey-range' }, 'Showing ', j.range.from, ' – ', addDays(j.range.to, -1)),
      h('span', null, 'Source ', describeSource(source)),
      h('span', null, 'Times in UTC'),
    ),
    h(
      'p',
      { class: 'counts', 'data-testid': 'journey-counts' },
      h('span', null, plural(s.actions, 'action')),
      h('span', null, plural(s.sessions, 'session')),
      h('span', null, plural(s.scenarios, 'scenario')),
      h('span', null, plural(s.input_changes, 'input change')),
      h('span', null, plural(s.runs, 'run'), s.failed_runs > 0 ? [' (', h('span', { class: 'error-text' }, `${groupDigits(s.failed_runs)} failed`), ')'] : null),
      h('span', null, plural(s.active_days, 'active day')),
      h('span', { title: 'Sum of the session lengths (first to last action)' }, formatDuration(s.active_ms), ' in sessions'),
    ),
    j.truncated ? h('p', { class: 'warn-text', 'data-testid': 'journey-truncated' }, icon('warning'), ` More than ${groupDigits(j.limit)} actions in the range: the latest ${groupDigits(j.limit)} are shown. Choose a shorter range for the rest.`) : null,
    h(
      'div',
      { class: 'filters' },
      selectField({
        id: 'j-days',
        label: 'Range',
        value: String(days),
        options: [...new Set([...presets, days])].sort((x, y) => x - y).map((d) => ({ value: String(d), label: rangePresetLabel(d) })),
        onChange: (v) => a.setDays(Number(v)),
        testid: 'journey-days',
      }),
      h(
        'div',
        { class: 'field field-button' },
        h(
          'div',
          { class: 'actions', role: 'toolbar', 'aria-label': 'Journey actions' },
          button('Refresh', a.refresh, { icon: 'refresh', secondary: true, testid: 'refresh' }),
          button('Overview', a.openOverview, { icon: 'graph', secondary: true, testid: 'open-overview', title: 'Open the ClearSight Overview' }),
        ),
      ),
    ),
  );
}

export function daysSection(perDay: readonly DayActivity[], summary: string, selected: string | null, a: JourneyActions): VNode {
  return section(
    {
      id: 'j-days-section',
      title: 'Actions per day',
      testid: 'journey-days-section',
      note: perDay.length ? 'Click a day to see only the sessions that started on it.' : undefined,
      actions: exportButtons('days', a, perDay.length === 0),
    },
    h('div', { class: 'chart-box chart-days' }, h('canvas', { 'data-testid': 'journey-chart', role: 'img', 'aria-label': summary, ref: (el) => a.mountChart(el as HTMLCanvasElement) })),
    h('p', { class: 'legend', 'aria-hidden': 'true' }, h('span', { class: 'dot s-other' }), 'Input changes and lifecycle ', h('span', { class: 'dot s-success' }), 'Runs started ', h('span', { class: 'dot s-failed' }), 'Runs that failed'),
    h(
      'details',
      { class: 'as-table' },
      h('summary', null, 'Actions per day as a table'),
      dataTable<DayActivity>({
        id: 'j-days-table',
        caption: 'Actions per day; Enter shows the sessions of the day',
        columns: [{ label: 'Day (UTC)', cls: 'col-time' }, { label: 'Actions', cls: 'col-num' }, { label: 'Sessions', cls: 'col-num' }, { label: 'Scenarios', cls: 'col-num' }, { label: 'Runs', cls: 'col-num' }, { label: 'Failed runs', cls: 'col-num' }],
        rows: perDay,
        key: (d) => d.day,
        rowTestId: 'journey-day-row',
        selected,
        onOpen: (d) => a.setDay(d.day),
        cells: (d) => [d.day, groupDigits(d.actions), groupDigits(d.sessions), groupDigits(d.scenarios), groupDigits(d.runs), d.failed_runs ? h('span', { class: 'error-text' }, groupDigits(d.failed_runs)) : '0'],
      }),
    ),
  );
}

export function scenariosSection(rows: readonly ScenarioTouched[], selected: string | null, searched: string, a: JourneyActions): VNode {
  return section(
    {
      id: 'j-scenarios',
      title: 'Scenarios touched',
      testid: 'journey-scenarios',
      count: rows.length,
      note: rows.length ? 'Enter (or a click) shows only the sessions that touched the scenario.' : undefined,
      actions: exportButtons('scenarios', a, rows.length === 0),
    },
    rows.length === 0
      ? emptyView(`No scenario touched ${searched}.`, 'journey-scenarios-empty')
      : dataTable<ScenarioTouched>({
          id: 'j-scenarios-table',
          caption: 'Scenarios the user acted on; Enter filters the sessions',
          columns: [
            { label: 'Scenario' },
            { label: 'Actions', cls: 'col-num' },
            { label: 'Input changes', cls: 'col-num' },
            { label: 'Runs', cls: 'col-num' },
            { label: 'Sessions', cls: 'col-num' },
            { label: 'First – last (UTC)', cls: 'col-time' },
            { label: 'Open', cls: 'col-actions' },
          ],
          rows,
          key: (r) => r.scenario_id,
          rowTestId: 'journey-scenario-row',
          selected,
          rowClass: (r) => (r.failed_runs > 0 ? 'failure' : undefined),
          onOpen: (r) => a.setScenario(selected === r.scenario_id ? null : r.scenario_id),
          cells: (r) => [
            h('div', { class: 'stack' }, h('strong', null, r.scenario_name), h('span', { class: 'muted small' }, r.model_name)),
            groupDigits(r.actions),
            groupDigits(r.input_changes),
            h('span', null, groupDigits(r.runs), r.failed_runs ? h('span', { class: 'error-text' }, ` (${groupDigits(r.failed_runs)} failed)`) : null),
            groupDigits(r.sessions),
            h('span', { class: 'small' }, formatIso(r.first), h('br', null), formatIso(r.last)),
            h(
              'div',
              { class: 'row-actions' },
              linkButton('Timeline', () => a.openTimeline(r.scenario_id), { title: 'Open the timeline of the scenario', testid: 'journey-timeline' }),
              linkButton('Tree', () => a.reveal(r.scenario_id), { title: 'Reveal the scenario in the Scenarios view', testid: 'journey-reveal' }),
            ),
          ],
        }),
  );
}

function actionTable(s: JourneySession, a: JourneyActions): VNode {
  return dataTable<JourneyAction>({
    id: `session-${s.index}`,
    caption: `Actions of session ${s.index}; Enter opens the run or the timeline`,
    columns: [{ label: 'Time', cls: 'col-time' }, { label: 'Action', cls: 'col-type' }, { label: 'Scenario' }, { label: 'Details', cls: 'col-desc' }, { label: '', cls: 'col-actions' }],
    rows: s.actions,
    key: (x) => x.event_key,
    rowTestId: 'journey-action-row',
    rowClass: (x) => (isFailedAction(x) ? 'failure' : undefined),
    onOpen: (x) => a.openAction(x),
    cells: (x) => [
      formatIso(x.event_timestamp).slice(11),
      h('span', { class: 'nowrap event-type' }, icon(actionIcon(x)), ' ', actionLabel(x.event_type)),
      h('div', { class: 'stack' }, linkButton(x.scenario_name, () => a.openTimeline(x.scenario_id), { title: 'Open the timeline', testid: 'action-scenario' }), h('span', { class: 'muted small' }, x.model_name)),
      x.event_type === 'RUN_STARTED'
        ? h('div', { class: 'stack' }, statusBadge(x.run_status), x.fail_reason ? h('span', { class: 'reason fail-reason', title: x.fail_reason }, x.fail_reason) : null)
        : x.node_name
          ? h('span', null, 'Node ', h('strong', null, x.node_name))
          : h('span', { class: 'muted' }, x.description),
      x.run_id
        ? h(
            'div',
            { class: 'row-actions' },
            isFailedAction(x) ? linkButton('Diff', () => a.compare(x.run_id!), { title: 'Compare with the last success before this run', testid: 'action-compare' }) : null,
            linkButton('Inputs', () => a.openSnapshot(x.run_id!), { title: 'The input snapshot of this run', testid: 'action-snapshot' }),
          )
        : null,
    ],
  });
}

/** Sessions listed at first (newest first); "Show more" adds as many again. */
export const SESSION_PAGE = 50;

export function sessionsSection(shown: readonly JourneySession[], total: number, f: SessionFilter, open: ReadonlySet<number>, scenarioName: string | null, searched: string, limit: number, a: JourneyActions): VNode {
  const chips: Child[] = [];
  if (f.scenarioId)
    chips.push(
      h('span', { class: 'chip', 'data-testid': 'scenario-chip' }, icon('filter'), ` ${scenarioName ?? f.scenarioId} `, h('button', { type: 'button', class: 'chip-close', 'aria-label': 'Show the sessions of every scenario', on: { click: () => a.setScenario(null) } }, icon('close'))),
    );
  if (f.day)
    chips.push(h('span', { class: 'chip', 'data-testid': 'journey-day-chip' }, icon('calendar'), ` ${f.day} `, h('button', { type: 'button', class: 'chip-close', 'aria-label': 'Show the sessions of every day', on: { click: () => a.setDay(null) } }, icon('close'))));
  const list: Child[] = [];
  // Newest first: the most recent work is what an RCA usually needs.
  const ordered = [...shown].reverse().slice(0, limit);
  for (let i = 0; i < ordered.length; i++) {
    const s = ordered[i]!;
    const failed = s.failed_runs > 0;
    list.push(
      h(
        'details',
        {
          class: `session${failed ? ' has-failure' : ''}`,
          open: open.has(s.index),
          'data-testid': 'journey-session',
          'data-session': s.index,
          on: { toggle: (ev: Event) => a.toggleSession(s.index, (ev.target as HTMLDetailsElement).open) },
        },
        h('summary', null, h('span', { class: 'session-title' }, sessionTitle(s)), h('span', { class: failed ? 'error-text' : 'muted' }, sessionMeta(s))),
        open.has(s.index) ? actionTable(s, a) : null,
      ),
    );
    // The pause before this session, when the session before it is listed next.
    if (s.gap_before_ms !== null && ordered[i + 1]?.index === s.index - 1) list.push(h('p', { class: 'session-gap', 'aria-hidden': 'true' }, `${formatGap(s.gap_before_ms)} without activity`));
  }
  return section(
    {
      id: 'j-sessions',
      title: 'Sessions',
      testid: 'journey-sessions',
      count: shown.length,
      note: `A session ends after 30 minutes without an action. Newest first${shown.length < total ? `; ${groupDigits(shown.length)} of ${groupDigits(total)} sessions match` : ''}.`,
      actions: [
        button('Expand all', () => a.expandAll(true), { icon: 'expand-all', secondary: true, testid: 'expand-all', disabled: shown.length === 0 }),
        button('Collapse all', () => a.expandAll(false), { icon: 'collapse-all', secondary: true, testid: 'collapse-all', disabled: shown.length === 0 }),
        ...exportButtons('actions', a, shown.length === 0),
      ],
    },
    chips.length ? h('div', { class: 'chips' }, chips) : null,
    shown.length === 0 ? emptyView(total === 0 ? `No actions ${searched}.` : `None of the ${groupDigits(total)} sessions ${searched} matches the scenario / day chosen.`, 'journey-sessions-empty') : h('div', { class: 'sessions' }, list),
    shown.length > limit
      ? h('div', { class: 'actions more' }, button(`Show ${groupDigits(Math.min(SESSION_PAGE, shown.length - limit))} older sessions`, a.showMore, { secondary: true, testid: 'show-more-sessions', title: `${groupDigits(shown.length - limit)} older sessions are not shown yet` }))
      : null,
  );
}
