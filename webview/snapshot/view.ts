/** The input snapshot panel's views (pure: data and callbacks in, VNodes out). */
import type { SnapshotNode } from '../../src/core/types';
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { SnapshotPayload } from '../../src/shared/protocol/snapshot';
import { formatIso, groupDigits, plural, shortHash } from '../common/format';
import {
  badge,
  button,
  copyMarkdownButton,
  dataTable,
  describeSource,
  emptyView,
  icon,
  idText,
  searchField,
  section,
  selectField,
  showingText,
  statusBadge,
} from '../common/ui';
import { toggleRowValue, valueDetails } from '../common/valueView';
import { h, type Child, type VNode } from '../common/vdom';
import { SNAPSHOT_COLUMNS, emptyNodesText, hasValue, isSnapshotFiltered, nodeBadges, nodeTypes, snapshotCounts, type SnapshotFilter } from './model';

export interface SnapshotActions {
  refresh(): void;
  openTimeline(): void;
  compareWithLastSuccess(): void;
  compareWithPrevious(): void;
  openPreviousSnapshot(): void;
  setFilter(f: Partial<SnapshotFilter>): void;
  clearFilters(): void;
  copyNodes(): void;
  copyValue(markdown: string): void;
}

export function headerView(p: SnapshotPayload, source: SourceInfo, a: SnapshotActions): VNode {
  const r = p.run;
  const c = snapshotCounts(p.snapshot.nodes, p.changes);
  const prev = p.previousRun;
  return h(
    'header',
    { class: 'panel-header' },
    h('div', { class: 'title-row' }, h('h1', { 'data-testid': 'scenario-name' }, icon('list-tree'), ' Inputs of run ', h('code', { class: 'id' }, r.run_id.slice(0, 8)), ' · ', r.scenario_name), statusBadge(r.run_status)),
    h(
      'p',
      { class: 'meta' },
      h('span', null, 'Run at ', h('strong', null, formatIso(r.run_at)), ' UTC'),
      h('span', null, 'by ', r.run_by ?? '—'),
      h('span', null, 'Model ', h('strong', null, r.model_name)),
      h('span', null, 'Run ', idText(r.run_id, 'run-id')),
      h('span', null, 'Source ', describeSource(source)),
    ),
    r.fail_reason ? h('p', { class: 'fail-line' }, icon('error'), ' ', h('span', { class: 'fail-reason', 'data-testid': 'fail-reason' }, r.fail_reason)) : null,
    h(
      'p',
      { class: 'counts', 'data-testid': 'snapshot-counts' },
      h('span', null, plural(c.nodes, 'node')),
      h('span', null, `${groupDigits(c.withValue)} with a value in force`),
      h('span', null, `${groupDigits(c.empty)} without`),
      prev
        ? h('span', { class: c.changed > 0 ? 'warn-text' : undefined }, `${groupDigits(c.changed)} changed since the previous run`)
        : h('span', { class: 'muted' }, 'first run of the scenario: nothing to compare with'),
    ),
    prev
      ? h('p', { class: 'meta' }, h('span', null, 'Previous run ', idText(prev.run_id, 'previous-run-id'), ' ', statusBadge(prev.run_status, 'previous-run-status'), ' at ', formatIso(prev.run_at), ' UTC'))
      : null,
    h(
      'div',
      { class: 'actions', role: 'toolbar', 'aria-label': 'Snapshot actions' },
      button('Refresh', a.refresh, { icon: 'refresh', secondary: true, testid: 'refresh' }),
      button('Timeline', a.openTimeline, { icon: 'history', secondary: true, testid: 'open-timeline', title: 'Timeline of the scenario' }),
      button('Compare with last success', a.compareWithLastSuccess, { icon: 'diff', testid: 'compare-last-success', title: 'Diff of the last successful run before this one and this run' }),
      button('Compare with previous run', a.compareWithPrevious, {
        icon: 'git-compare',
        secondary: true,
        disabled: !prev,
        testid: 'compare-previous',
        title: prev ? 'Diff of the previous run and this run' : 'This is the first run of the scenario',
      }),
      button('Previous run inputs', a.openPreviousSnapshot, { icon: 'arrow-left', secondary: true, disabled: !prev, testid: 'open-previous-snapshot' }),
    ),
  );
}

export function filtersView(nodes: readonly SnapshotNode[], f: SnapshotFilter, hasPrevious: boolean, a: SnapshotActions): VNode {
  return h(
    'div',
    { class: 'filters', role: 'search', 'aria-label': 'Filter nodes' },
    selectField({
      id: 'f-type',
      label: 'Type',
      value: f.type,
      options: [{ value: '', label: 'All types' }, ...nodeTypes(nodes).map((t) => ({ value: t, label: t }))],
      onChange: (v) => a.setFilter({ type: v }),
      testid: 'filter-type',
    }),
    selectField({
      id: 'f-show',
      label: 'Show',
      value: f.show,
      options: [
        { value: '', label: 'All nodes' },
        ...(hasPrevious ? [{ value: 'changed', label: 'Changed since previous run' }] : []),
        { value: 'empty', label: 'No value in force' },
      ],
      onChange: (v) => a.setFilter({ show: v }),
      testid: 'filter-show',
    }),
    searchField({
      id: 'f-search',
      label: 'Search',
      placeholder: 'Node name or value text',
      value: f.search,
      onInput: (v) => a.setFilter({ search: v }),
      testid: 'filter-search',
    }),
  );
}

export function nodesSection(p: SnapshotPayload, rows: readonly SnapshotNode[], f: SnapshotFilter, where: string, a: SnapshotActions): VNode {
  const total = p.snapshot.nodes.length;
  const body: Child[] = [];
  if (rows.length === 0) {
    body.push(emptyView(emptyNodesText(p.run.run_id, where, f, total), 'nodes-empty'));
    if (isSnapshotFiltered(f)) body.push(h('div', { class: 'actions' }, button('Clear filters', a.clearFilters, { icon: 'clear-all', secondary: true, testid: 'clear-filters' })));
  } else {
    body.push(
      dataTable<SnapshotNode>({
        id: 'nodes',
        testid: 'snapshot-table',
        caption: 'Input values in force at the run; Enter shows or hides a value',
        columns: SNAPSHOT_COLUMNS.map((label, i) => ({ label, cls: ['col-node', 'col-type', 'col-group', 'col-hash', 'col-time', 'col-user', 'col-value'][i] })),
        rows,
        key: (n) => n.node_id,
        rowTestId: 'snapshot-row',
        rowClass: (n) => (hasValue(n) ? undefined : 'empty-value'),
        onOpen: (_n, _k, tr) => toggleRowValue(tr),
        cells: (n) => [
          h('span', { class: 'node-name' }, h('span', { 'data-testid': 'node-name' }, n.node_name), nodeBadges(n, p.changes[n.node_id]).map((b) => [' ', badge(b.text, b.kind, { testid: b.testid, title: b.title })])),
          n.node_type,
          n.node_group ?? '—',
          n.input_hash ? h('code', { class: 'hash', title: n.input_hash }, shortHash(n.input_hash)) : '—',
          h('span', { class: 'nowrap' }, formatIso(n.saved_at)),
          n.saved_by ?? '—',
          n.input_withheld
            ? h('span', { class: 'muted', 'data-testid': 'node-value-withheld', title: 'The reporting copy keeps hashes and changed paths, not values' }, 'withheld')
            : hasValue(n)
              ? valueDetails(n.input_data, { label: `Value of ${n.node_name}`, testid: 'node-value', onCopy: a.copyValue })
              : '—',
        ],
      }),
    );
  }
  return section(
    {
      id: 'nodes-section',
      title: 'Nodes',
      testid: 'nodes-section',
      note: showingText(rows.length, total, 'nodes'),
      actions: [copyMarkdownButton(a.copyNodes, 'copy-nodes')],
    },
    body,
  );
}
