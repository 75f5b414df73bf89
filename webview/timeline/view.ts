/**
 * The timeline panel's views, as pure functions of the data and the UI state (callbacks
 * in, `VNode`s out): testable without a DOM. main.ts mounts them and owns the chart.
 */
import type { RunSummary, TimelineEvent } from '../../src/core/types';
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { TimelinePayload } from '../../src/shared/protocol/timeline';
import { formatIso, groupDigits, plural } from '../common/format';
import {
  badge,
  button,
  copyMarkdownButton,
  dataTable,
  describeSource,
  emptyView,
  facts,
  icon,
  idText,
  linkButton,
  searchField,
  section,
  selectField,
  showingText,
  statusBadge,
} from '../common/ui';
import { h, type Child, type VNode } from '../common/vdom';
import {
  EVENT_COLUMNS,
  detailsJson,
  emptyEventsText,
  eventActions,
  eventTypeLabel,
  filterOptions,
  isFailureEvent,
  isFiltered,
  laneOf,
  timelineCounts,
  type EventFilter,
} from './model';

export interface TimelineActions {
  refresh(): void;
  compareFailurePair(): void;
  rcaNote(): void;
  openSnapshot(runId: string): void;
  compareWithLastSuccess(runId: string): void;
  openDiagnostics(runId: string): void;
  openUser(user: string): void;
  select(key: string): void;
  setFilter(f: Partial<EventFilter>): void;
  copyEvents(): void;
  showMore(): void;
}

const LANE_ICONS = { lifecycle: 'milestone', inputs: 'edit', runs: 'play-circle', nodes: 'error' } as const;

export function eventIcon(e: TimelineEvent): string {
  if (e.event_type === 'RUN_COMPLETED') return 'pass';
  if (e.event_type === 'RUN_TIMEOUT') return 'watch';
  if (isFailureEvent(e.event_type)) return 'error';
  return LANE_ICONS[laneOf(e.event_type)];
}

export function headerView(p: TimelinePayload, source: SourceInfo, a: TimelineActions): VNode {
  const c = timelineCounts(p.events, p.runs);
  const s = p.scenario;
  return h(
    'header',
    { class: 'panel-header' },
    h(
      'div',
      { class: 'title-row' },
      h('h1', { 'data-testid': 'scenario-name' }, icon('history'), ' ', s.scenario_name),
      h('span', { class: 'badge badge-muted', title: 'Scenario status' }, s.status),
      s.last_run_status ? [' ', h('span', { class: 'muted' }, 'last run'), ' ', statusBadge(s.last_run_status, 'last-run-status')] : null,
    ),
    h(
      'p',
      { class: 'meta' },
      h('span', null, 'Model ', h('strong', null, s.model_name)),
      h('span', null, 'Scenario ', idText(s.scenario_id)),
      h('span', null, 'Source ', describeSource(source)),
      h('span', null, 'Times in UTC'),
    ),
    h(
      'p',
      { class: 'counts', 'data-testid': 'timeline-counts' },
      h('span', null, plural(c.events, 'event')),
      h('span', null, plural(c.runs, 'run'), c.failedRuns > 0 ? [' (', h('span', { class: 'error-text' }, `${groupDigits(c.failedRuns)} failed`), ')'] : null),
      h('span', null, plural(c.inputChanges, 'input change')),
      h('span', null, plural(c.users, 'user')),
    ),
    h(
      'div',
      { class: 'actions', role: 'toolbar', 'aria-label': 'Timeline actions' },
      button('Refresh', a.refresh, { icon: 'refresh', secondary: true, testid: 'refresh' }),
      button('Compare last success vs first failure', a.compareFailurePair, {
        icon: 'diff',
        testid: 'compare-failure-pair',
        disabled: c.failedRuns === 0,
        title: c.failedRuns === 0 ? 'This scenario has no failed run' : 'Open the run diff of the last success and the first failure after it',
      }),
      button('RCA note', a.rcaNote, { icon: 'note', secondary: true, testid: 'rca-note', title: 'Generate the root cause analysis note of this scenario' }),
    ),
  );
}

export function filtersView(p: TimelinePayload, f: EventFilter, a: TimelineActions): VNode {
  const o = filterOptions(p.events);
  /** A filter by one of the names in the events (a combobox when there are more than 8). */
  const namesField = (key: 'user' | 'node', label: string, all: string, names: string[]): VNode =>
    selectField({
      id: `f-${key}`,
      label,
      value: f[key],
      options: [{ value: '', label: all }, ...names.map((n) => ({ value: n, label: n }))],
      onChange: (v) => a.setFilter({ [key]: v }),
      combobox: names.length > 8,
      testid: `filter-${key}`,
    });
  return h(
    'div',
    { class: 'filters', role: 'search', 'aria-label': 'Filter events' },
    selectField({ id: 'f-type', label: 'Type', value: f.type, options: o.types, onChange: (v) => a.setFilter({ type: v }), testid: 'filter-type' }),
    namesField('user', 'User', 'All users', o.users),
    namesField('node', 'Node', 'All nodes', o.nodes),
    searchField({
      id: 'f-search',
      label: 'Search',
      placeholder: 'Description, user, node, run or request id, details',
      value: f.search,
      onInput: (v) => a.setFilter({ search: v }),
      testid: 'filter-search',
    }),
  );
}

export interface TableState {
  events: TimelineEvent[];
  total: number;
  filter: EventFilter;
  selected: string | null;
  limit: number;
  scenarioName: string;
  where: string;
}

export function eventsSection(t: TableState, a: TimelineActions, clearFilters: () => void): VNode {
  const shown = t.events.slice(0, t.limit);
  const body: Child[] = [];
  if (t.events.length === 0) {
    body.push(emptyView(emptyEventsText(t.scenarioName, t.where, t.filter, t.total), 'events-empty'));
    if (isFiltered(t.filter)) body.push(h('div', { class: 'actions' }, button('Clear filters', clearFilters, { icon: 'clear-all', secondary: true, testid: 'clear-filters' })));
  } else {
    body.push(
      dataTable<TimelineEvent>({
        id: 'events',
        testid: 'events-table',
        caption: 'Events of the scenario; Enter shows the details of an event',
        columns: EVENT_COLUMNS.map((label, i) => ({ label, cls: ['col-time', 'col-type', 'col-user', 'col-node', 'col-desc'][i] })),
        rows: shown,
        key: (e) => e.event_key,
        rowTestId: 'event-row',
        selected: t.selected,
        rowClass: (e) => (isFailureEvent(e.event_type) ? 'failure' : undefined),
        onOpen: (_e, key) => a.select(key),
        cells: (e) => [
          h('span', { class: 'nowrap' }, formatIso(e.event_timestamp)),
          h('span', { class: 'nowrap event-type' }, icon(eventIcon(e)), ' ', eventTypeLabel(e.event_type)),
          e.event_user
            ? h(
                'span',
                {
                  class: 'user-name',
                  title: `User ${e.event_user}`,
                  on: {
                    click: (ev: Event) => {
                      ev.stopPropagation();
                      a.openUser(e.event_user!);
                    },
                  },
                },
                e.event_user,
              )
            : '—',
          e.node_name ?? '—',
          h('span', { class: 'desc' }, e.description),
        ],
      }),
    );
    if (shown.length < t.events.length) {
      body.push(
        h(
          'div',
          { class: 'actions more' },
          button(`Show ${groupDigits(Math.min(500, t.events.length - shown.length))} more`, a.showMore, { secondary: true, testid: 'show-more' }),
        ),
      );
    }
  }
  return section(
    {
      id: 'events-section',
      title: 'Events',
      testid: 'events-section',
      note: showingText(Math.min(t.limit, t.events.length), t.total, 'events') + (isFiltered(t.filter) && t.events.length > 0 ? ` (${groupDigits(t.events.length)} match)` : ''),
      actions: [copyMarkdownButton(a.copyEvents, 'copy-events')],
    },
    body,
  );
}

function runLabel(runId: string, runs: readonly RunSummary[]): Child {
  const run = runs.find((r) => r.run_id === runId);
  return h('span', null, idText(runId, 'detail-run-id'), run ? [' ', statusBadge(run.run_status, 'detail-run-status')] : null);
}

export function detailsView(e: TimelineEvent | null, runs: readonly RunSummary[], a: TimelineActions): VNode {
  if (!e) {
    return h(
      'aside',
      { class: 'details', 'data-testid': 'event-details', 'aria-label': 'Event details' },
      h('p', { class: 'muted' }, 'Select an event in the chart or the table to see its details.'),
    );
  }
  const act = eventActions(e, runs);
  const buttons: Child[] = [];
  if (act.runId) {
    const runId = act.runId;
    buttons.push(
      button('Input snapshot', () => a.openSnapshot(runId), { icon: 'list-tree', testid: 'open-snapshot', title: 'The input value of every node in force at this run' }),
      button('Compare with last success', () => a.compareWithLastSuccess(runId), {
        icon: 'diff',
        secondary: true,
        testid: 'compare-last-success',
        title: 'Diff of the last successful run before this one and this run',
      }),
      button('Run diagnostics', () => a.openDiagnostics(runId), { icon: 'pulse', secondary: true, testid: 'open-diagnostics', title: 'The run with its log lines, category and failed nodes' }),
    );
  }
  if (act.inputChange) {
    const next = act.nextRun;
    buttons.push(
      next
        ? button('Inputs of the next run', () => a.openSnapshot(next.run_id), {
            icon: 'list-tree',
            testid: 'open-next-snapshot',
            title: `The input snapshot of the first run that used this change (${formatIso(next.run_at)} UTC)`,
          })
        : button('Inputs of the next run', () => undefined, { icon: 'list-tree', disabled: true, testid: 'open-next-snapshot', title: 'No run started after this change' }),
    );
  }
  const failure = isFailureEvent(e.event_type);
  return h(
    'aside',
    { class: 'details', 'data-testid': 'event-details', 'aria-label': 'Event details' },
    h(
      'h2',
      { class: failure ? 'error-text' : undefined },
      icon(eventIcon(e)),
      ' ',
      eventTypeLabel(e.event_type),
      failure ? [' ', badge('failure', 'error')] : null,
    ),
    h('p', { class: 'description', 'data-testid': 'event-description' }, e.description),
    facts([
      ['Time (UTC)', e.event_timestamp.replace('T', ' ').replace('Z', '')],
      ['User', e.event_user ? linkButton(e.event_user, () => a.openUser(e.event_user!), { title: `Journey of ${e.event_user}`, testid: 'event-user' }) : '—'],
      ['Node', e.node_name ?? '—'],
      ['Run', e.run_id ? runLabel(e.run_id, runs) : '—'],
      ...(act.inputChange
        ? ([['Next run', act.nextRun ? h('span', null, formatIso(act.nextRun.run_at), ' ', statusBadge(act.nextRun.run_status, 'next-run-status')) : 'none yet']] as Array<[string, Child]>)
        : []),
      ['Request id', idText(e.request_id, 'detail-request-id')],
      ['Event type', h('code', null, e.event_type)],
    ]),
    buttons.length > 0 ? h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Event actions' }, buttons) : null,
    h('h3', null, 'Details'),
    h('pre', { class: 'json', 'data-testid': 'event-details-json', tabindex: 0, 'aria-label': 'Event details as JSON' }, detailsJson(e)),
  );
}
