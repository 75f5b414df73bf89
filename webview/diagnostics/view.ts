/** The Run Diagnostics panel's views (pure: data and callbacks in, VNodes out). */
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { DiagnosticsPayload } from '../../src/shared/protocol/diagnostics';
import type { LogLine } from '../../src/logs/types';
import { isFailedRun } from '../../src/core/runRules';
import { formatDuration } from '../../src/core/time';
import { formatIso, groupDigits, plural } from '../common/format';
import { badge, button, copyMarkdownButton, dataTable, describeSource, emptyView, icon, idText, searchField, section, selectField, showingText, statusBadge } from '../common/ui';
import { h, type VNode } from '../common/vdom';
import { LEVEL_OPTIONS, isLogFiltered, levelClass, levelCounts, locationText, type LogFilter } from './model';

export interface DiagnosticsActions {
  refresh(): void;
  openTimeline(): void;
  openSnapshot(): void;
  compareWithLastSuccess(): void;
  rcaNote(): void;
  openLine(index: number): void;
  openLogSettings(): void;
  setFilter(f: Partial<LogFilter>): void;
  clearFilters(): void;
  copyLines(): void;
}

export function headerView(p: DiagnosticsPayload, source: SourceInfo, a: DiagnosticsActions): VNode {
  const r = p.run;
  const failed = isFailedRun(r.run_status);
  return h(
    'header',
    { class: 'panel-header' },
    h(
      'div',
      { class: 'title-row' },
      h('h1', { 'data-testid': 'scenario-name' }, icon('pulse'), ' Run diagnostics ', h('code', { class: 'id' }, r.run_id.slice(0, 8)), ' · ', r.scenario_name),
      statusBadge(r.run_status),
      p.category ? badge(p.category.category, 'error', { testid: 'error-category', icon: 'tag', title: `Error category${p.category.rule ? `: ${p.category.rule}` : ''}${p.category.from === 'logs' ? ' (recognised in the logs)' : ''}` }) : null,
    ),
    h(
      'p',
      { class: 'meta' },
      h('span', null, 'Started ', h('strong', null, formatIso(r.run_at)), ' UTC'),
      h('span', null, 'took ', formatDuration(r.duration_ms)),
      h('span', null, 'by ', r.run_by ?? '—'),
      h('span', null, 'Model ', h('strong', null, r.model_name)),
      h('span', null, 'Run ', idText(r.run_id, 'run-id')),
      h('span', null, 'Request ', idText(r.run_req_id, 'request-id')),
      h('span', null, 'Source ', describeSource(source)),
    ),
    r.fail_reason ? h('p', { class: 'fail-line' }, icon('error'), ' ', h('span', { class: 'fail-reason', 'data-testid': 'fail-reason' }, r.fail_reason)) : null,
    h(
      'div',
      { class: 'actions', role: 'toolbar', 'aria-label': 'Run actions' },
      button('Refresh', a.refresh, { icon: 'refresh', secondary: true, testid: 'refresh' }),
      button('Input snapshot', a.openSnapshot, { icon: 'list-tree', secondary: true, testid: 'open-snapshot', title: 'The inputs in force when the run started' }),
      button('Compare with last success', a.compareWithLastSuccess, { icon: 'diff', secondary: !failed, testid: 'compare-last-success', title: 'Diff of the last successful run before this one and this run' }),
      button('Timeline', a.openTimeline, { icon: 'history', secondary: true, testid: 'open-timeline' }),
      failed ? button('RCA note', a.rcaNote, { icon: 'note', secondary: true, testid: 'rca-note' }) : null,
    ),
  );
}

export function failedNodesView(p: DiagnosticsPayload): VNode | null {
  if (p.failedNodes.length === 0) return null;
  return section(
    { id: 'failed-nodes', title: 'Failed nodes', count: p.failedNodes.length, testid: 'failed-nodes' },
    dataTable({
      id: 'failed-nodes-table',
      caption: 'Node calculations that failed in this run',
      columns: [{ label: 'Node' }, { label: 'Type' }, { label: 'Ended (UTC)', cls: 'col-time' }, { label: 'Fail reason', cls: 'col-desc' }],
      rows: p.failedNodes,
      key: (c) => c.calc_id,
      rowTestId: 'failed-node-row',
      cells: (c) => [h('strong', null, c.node_name), c.node_type, formatIso(c.processing_end_at ?? c.processing_start_at), h('span', { class: 'fail-reason' }, c.fail_reason ?? '—')],
    }),
  );
}

function sourcesLine(p: DiagnosticsPayload, a: DiagnosticsActions): VNode {
  const parts: VNode[] = p.sources.map((s) =>
    h(
      'span',
      { class: s.error ? 'error-text' : undefined, 'data-testid': 'log-source', title: [s.error, ...s.notes].filter(Boolean).join('\n') || undefined },
      s.error ? icon('warning') : icon(s.kind === 'cloudwatch' ? 'cloud' : 'file'),
      ' ',
      s.label,
      ': ',
      s.error ?? `${plural(s.count, 'line')}${s.truncated ? ' (cap reached)' : ''}`,
    ),
  );
  return h(
    'p',
    { class: 'meta', 'data-testid': 'log-sources' },
    h('span', null, 'Searched ', formatIso(p.window.from), ' – ', formatIso(p.window.to), ` UTC (the run ± ${p.window.marginMinutes} min) for the run, request and scenario ids`),
    ...(p.readFrom ? [h('span', { 'data-testid': 'log-read-from' }, `Read ${p.readFrom}`)] : []),
    ...parts,
    h('span', null, button('Log settings', a.openLogSettings, { icon: 'gear', secondary: true, testid: 'log-settings' })),
  );
}

export function filtersView(p: DiagnosticsPayload, f: LogFilter, a: DiagnosticsActions): VNode {
  const kinds = [...new Set(p.lines.map((l) => l.source))];
  return h(
    'div',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the log lines' },
    selectField({ id: 'f-level', label: 'Level', value: f.level, options: LEVEL_OPTIONS, onChange: (v) => a.setFilter({ level: v }), testid: 'filter-level' }),
    selectField({
      id: 'f-source',
      label: 'Source',
      value: f.source,
      options: [{ value: '', label: 'All sources' }, ...kinds.map((k) => ({ value: k, label: k === 'files' ? 'Files' : 'CloudWatch' }))],
      onChange: (v) => a.setFilter({ source: v }),
      testid: 'filter-source',
    }),
    searchField({ id: 'f-search', label: 'Text', placeholder: 'Search messages and stacks', value: f.search, onInput: (v) => a.setFilter({ search: v }), testid: 'filter-search' }),
    isLogFiltered(f) ? button('Clear filters', a.clearFilters, { icon: 'clear-all', secondary: true, testid: 'clear-filters' }) : null,
  );
}

function lineView(l: LogLine, index: number, a: DiagnosticsActions): VNode {
  const openable = (l.source === 'files' && l.line !== null) || l.url !== null;
  const where = locationText(l);
  return h(
    'li',
    { class: `log-line ${levelClass(l.level)}`, 'data-testid': 'log-line' },
    h(
      'div',
      { class: 'log-head' },
      h('span', { class: 'log-time' }, l.timestamp ? formatIso(l.timestamp) : '—'),
      h('span', { class: `log-level ${levelClass(l.level)}`, 'data-testid': 'log-level' }, l.level ?? '—'),
      h('span', { class: 'log-message', 'data-testid': 'log-message' }, l.message),
      openable
        ? h(
            'button',
            {
              type: 'button',
              class: 'link log-where',
              title: l.url ? `Open in the CloudWatch console: ${l.origin}` : `Open ${l.origin} at line ${l.line}`,
              'data-testid': 'open-line',
              on: { click: () => a.openLine(index) },
            },
            icon(l.url ? 'link-external' : 'go-to-file'),
            ' ',
            where,
          )
        : h('span', { class: 'log-where muted', title: l.origin }, where),
    ),
    l.stack
      ? h(
          'details',
          { class: 'log-stack', 'data-testid': 'log-stack' },
          h('summary', null, `Stack trace (${plural(l.stack.split('\n').length, 'line')})`),
          h('pre', { class: 'stack-text', 'data-testid': 'log-stack-text' }, l.stack),
        )
      : null,
  );
}

export function logsView(p: DiagnosticsPayload, rows: ReadonlyArray<{ line: LogLine; index: number }>, f: LogFilter, a: DiagnosticsActions): VNode {
  const counts = levelCounts(p.lines);
  const countText = Object.entries(counts)
    .map(([k, n]) => `${groupDigits(n)} ${k}`)
    .join(' · ');
  let body: VNode | VNode[];
  if (p.noSources) {
    body = emptyView(
      'No log source is configured. Add file globs (clearsight.logs.paths) or CloudWatch log groups (clearsight.logs.cloudwatch.*) in the settings to see this run\u2019s log lines here.',
      'logs-none',
    );
  } else if (p.lines.length === 0) {
    body = emptyView(`No log line names this run, its request or its scenario between ${formatIso(p.window.from)} and ${formatIso(p.window.to)} UTC.`, 'logs-empty');
  } else if (rows.length === 0) {
    body = emptyView('No log line matches the filters.', 'logs-filtered-empty');
  } else {
    body = [h('ol', { class: 'log-lines', 'data-testid': 'log-lines', 'aria-label': 'Log lines in time order' }, rows.map((r) => lineView(r.line, r.index, a)))];
  }
  return section(
    {
      id: 'logs',
      title: 'Log lines',
      count: p.lines.length,
      testid: 'logs',
      note: p.lines.length > 0 ? `${showingText(rows.length, p.lines.length, 'line')} · ${countText}${p.capMessage ? ` · ${p.capMessage}` : ''}` : p.capMessage ?? undefined,
      actions: [copyMarkdownButton(a.copyLines, 'copy-lines')],
    },
    sourcesLine(p, a),
    p.lines.length > 0 ? filtersView(p, f, a) : null,
    body,
  );
}
