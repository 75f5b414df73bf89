/** The run diff panel's views (pure: data and callbacks in, VNodes out). */
import { isFailedRun } from '../../src/core/runRules';
import type { CulpritEvidence, DiffChangedNode, DiffNodeRef, RunDiff, RunSummary } from '../../src/core/types';
import type { SourceInfo } from '../../src/shared/protocol/common';
import type { DiffPayload } from '../../src/shared/protocol/diff';
import { formatIso, groupDigits, shortHash } from '../common/format';
import { badge, button, copyMarkdownButton, dataTable, describeSource, emptyView, facts, icon, runFacts, section } from '../common/ui';
import { lazyDetails, toggleRowValue, valueBody, valueDetails } from '../common/valueView';
import { h, type Child, type VNode } from '../common/vdom';
import {
  CALC_COLUMNS,
  PATH_COLUMNS,
  REF_COLUMNS,
  calcDuration,
  calcStatusText,
  collapsePathChanges,
  detailParts,
  diffCounts,
  diffSummaryText,
  isCut,
  noDifferenceText,
  topBadge,
  type PathRow,
} from './model';

export interface DiffActions {
  refresh(): void;
  openSnapshot(side: 'a' | 'b'): void;
  openTimeline(): void;
  rcaNote(): void;
  openTicket(): void;
  copy(table: string, markdown: string, rows: number): void;
  copyPaths(node: DiffChangedNode, rows: PathRow[]): void;
  copyCalc(): void;
  copyRefs(which: 'added' | 'removed'): void;
  copyChanged(): void;
  toggleValues(nodeId: string, open: boolean): void;
}

function runCard(run: RunSummary, side: 'A' | 'B', role: string, a: DiffActions): VNode {
  return h(
    'section',
    { class: `run-card run-${run.run_status}`, 'data-testid': `run-${side.toLowerCase()}`, 'aria-label': `Run ${side}` },
    h('h2', null, `Run ${side} `, h('span', { class: 'muted' }, `· ${role}`)),
    facts(runFacts(run)),
    h('div', { class: 'actions' }, button(`Inputs of run ${side}`, () => a.openSnapshot(side === 'A' ? 'a' : 'b'), { icon: 'list-tree', secondary: true, testid: `open-snapshot-${side.toLowerCase()}` })),
  );
}

export function headerView(p: DiffPayload, source: SourceInfo, a: DiffActions): VNode {
  const d = p.diff;
  const c = diffCounts(d);
  const sameScenario = d.run_a.scenario_id === d.run_b.scenario_id;
  return h(
    'header',
    { class: 'panel-header' },
    h('div', { class: 'title-row' }, h('h1', { 'data-testid': 'scenario-name' }, icon('diff'), ' Run diff · ', d.run_b.scenario_name)),
    h(
      'p',
      { class: 'meta' },
      h('span', null, 'Model ', h('strong', null, d.run_b.model_name)),
      h('span', null, 'Source ', describeSource(source)),
      h('span', null, 'Times in UTC'),
      sameScenario ? null : badge(`run A is from another scenario: ${d.run_a.scenario_name}`, 'warn', { testid: 'other-scenario' }),
    ),
    h(
      'div',
      { class: 'actions', role: 'toolbar', 'aria-label': 'Diff actions' },
      button('Refresh', a.refresh, { icon: 'refresh', secondary: true, testid: 'refresh' }),
      button('Timeline', a.openTimeline, { icon: 'history', secondary: true, testid: 'open-timeline' }),
      button('RCA note', a.rcaNote, { icon: 'note', secondary: true, testid: 'rca-note', title: 'Generate the root cause analysis note of run B' }),
      button('Open ticket…', a.openTicket, { icon: 'issues', secondary: true, testid: 'open-ticket', title: "Open your ticket system's new-issue page with the RCA note of run B (clearsight.ticket.urlTemplate)" }),
    ),
    h('div', { class: 'run-cards' }, runCard(d.run_a, 'A', 'baseline', a), runCard(d.run_b, 'B', 'compared', a)),
    h('p', { class: 'summary', 'data-testid': 'diff-summary' }, diffSummaryText(c)),
  );
}

function who(side: DiffChangedNode['before']): string {
  return side.saved_at ? `${formatIso(side.saved_at)}${side.saved_by ? ` by ${side.saved_by}` : ''}` : 'no value';
}

/** The evidence for a node's place in the ranking, strongest first (data in code elements). */
export function evidenceList(evidence: readonly CulpritEvidence[], testid = 'evidence'): VNode | null {
  if (evidence.length === 0) return null;
  return h(
    'ul',
    { class: 'evidence', 'data-testid': testid, 'aria-label': 'Evidence' },
    evidence.map((e) =>
      h(
        'li',
        { 'data-signal': e.signal, 'data-testid': 'evidence-item' },
        detailParts(e.detail).map((part) => (part.code ? h('code', null, part.text) : part.text)),
      ),
    ),
  );
}

/** Whether a changed node is the first of the whole ranking (an added or removed input may outrank it). */
function isTopCandidate(d: RunDiff, node: DiffChangedNode): boolean {
  return topNodeId(d) === node.node_id;
}

/** The verdict's confidence beside the top candidate (`likely-culprit` only when strong and naming it). */
function confidenceBadge(d: RunDiff, nodeId: string): VNode {
  const b = topBadge(d, nodeId);
  return badge(b.text, b.kind === 'culprit' ? 'warn' : 'info', { testid: b.kind === 'culprit' ? 'likely-culprit' : b.kind === 'weak' ? 'weak-evidence' : 'not-blamed', title: b.title });
}

/** The verdict above the ranking: its confidence and its sentence (data in code elements). */
export function verdictView(d: RunDiff): VNode | null {
  if (!isFailedRun(d.run_b.run_status)) return null;
  return h(
    'p',
    { class: `verdict verdict-${d.confidence}`, 'data-testid': 'verdict', 'data-confidence': d.confidence, 'data-kind': d.verdict.kind },
    h('strong', null, `Confidence ${d.confidence}: `),
    detailParts(d.verdict.summary).map((x) => (x.code ? h('code', null, x.text) : x.text)),
  );
}

export function changedNodeView(node: DiffChangedNode, rank: number, p: DiffPayload, open: boolean, a: DiffActions): VNode {
  const rows = collapsePathChanges(node.path_changes);
  // The first changed node of a failed comparison is the likely culprit (the culprit ranking
  // orders the nodes by their evidence), even when the failure shows in a downstream node;
  // not when nothing but the order of the saves put it first.
  const failedB = isFailedRun(p.diff.run_b.run_status);
  // The top candidate of the whole ranking (changed, added or removed) carries the verdict's confidence.
  const first = rank === 1 && failedB && isTopCandidate(p.diff, node);
  const culprit = first && topBadge(p.diff, node.node_id).kind === 'culprit';
  const cut = isCut(node, p.maxPaths);
  return h(
    'article',
    { class: `node-card${culprit ? ' culprit' : ''}`, 'data-testid': 'changed-node', 'data-node-id': node.node_id, 'aria-labelledby': `node-${rank}-h` },
    h(
      'h3',
      { id: `node-${rank}-h`, class: 'node-head', 'data-testid': 'diff-node-header', 'data-culprit': culprit ? 'true' : 'false', 'data-rank': rank },
      h('span', { class: 'rank', 'aria-label': `number ${rank}` }, `${rank}.`),
      ' ',
      h('span', { 'data-testid': 'diff-node-name' }, node.node_name),
      ' ',
      h('span', { class: 'muted' }, node.node_type),
      node.failed_in_b ? [' ', badge('failed in run B', 'error', { icon: 'error', testid: 'failed-in-b', title: "This node's calculation failed in run B" })] : null,
      first ? [' ', confidenceBadge(p.diff, node.node_id)] : null,
      failedB ? [' ', h('span', { class: 'score muted', 'data-testid': 'score', title: 'Score: the sum of the points of its evidence' }, `score ${node.score}`)] : null,
    ),
    failedB ? evidenceList(node.evidence) : null,
    facts(
      [
        ['Saved before', who(node.before)],
        ['Saved after', who(node.after)],
        ['Hash', h('span', null, h('code', { class: 'hash', title: node.before.input_hash ?? '' }, shortHash(node.before.input_hash)), ' → ', h('code', { class: 'hash', title: node.after.input_hash ?? '' }, shortHash(node.after.input_hash)))],
        ['Paths changed', `${groupDigits(node.paths.length)}${cut ? '+' : ''}`],
      ],
      'facts facts-inline',
    ),
    rows.length > 0
      ? dataTable<PathRow>({
          id: `paths-${rank}`,
          testid: 'path-table',
          caption: `JSON paths that changed in ${node.node_name}`,
          columns: PATH_COLUMNS.map((label, i) => ({ label, cls: ['col-path', 'col-kind', 'col-value', 'col-value'][i] })),
          rows,
          key: (r) => r.path,
          rowTestId: 'path-row',
          rowClass: (r) => `path-${r.kind}${r.collapsed ? ' collapsed' : ''}`,
          cells: (r) => [
            h('code', { class: 'path', 'data-testid': 'path-cell' }, r.path),
            h('span', { class: `kind kind-${r.kind}`, 'data-testid': 'path-kind' }, r.label),
            h('code', { class: 'value-summary', title: r.beforeFull }, r.before),
            h('code', { class: 'value-summary', title: r.afterFull }, r.after),
          ],
        })
      : h('p', { class: 'muted' }, node.values_withheld ? 'The values are withheld and no changed path is recorded for the save in force.' : 'The values have different hashes but the same JSON content.'),
    cut ? h('p', { class: 'note', 'data-testid': 'paths-cut' }, icon('info'), ` The comparison stops after ${groupDigits(p.maxPaths)} paths: further paths of this node may differ too (open the full values below).`) : null,
    h(
      'div',
      { class: 'actions' },
      copyMarkdownButton(() => a.copyPaths(node, rows), 'copy-paths'),
    ),
    node.values_withheld
      ? h('p', { class: 'muted', 'data-testid': 'values-withheld' }, 'The values are withheld in this reporting copy (loaded with --no-input-values): the paths above are those the save in force at run B changed.')
      : lazyDetails(
        'Full values',
        () =>
          h(
            'div',
            { class: 'two-cols' },
            h('div', { 'data-testid': 'value-before' }, h('h4', null, 'Before (run A)'), valueBody(node.before.input_data, { label: `${node.node_name} before`, onCopy: (md) => a.copy('value', md, 1) })),
            h('div', { 'data-testid': 'value-after' }, h('h4', null, 'After (run B)'), valueBody(node.after.input_data, { label: `${node.node_name} after`, onCopy: (md) => a.copy('value', md, 1) })),
          ),
        { cls: 'full-values', testid: 'full-values', open, onToggle: (isOpen) => a.toggleValues(node.node_id, isOpen) },
      ),
  );
}

/** The node id of the first candidate of the whole ranking, when run B failed. */
function topNodeId(d: RunDiff): string | null {
  if (!isFailedRun(d.run_b.run_status)) return null;
  const all = [...d.changed, ...d.added, ...d.removed];
  return all.length === 0 ? null : all.reduce((best, x) => (x.score > best.score ? x : best)).node_id;
}

function refsTable(refs: readonly DiffNodeRef[], which: 'added' | 'removed', a: DiffActions, d: RunDiff): VNode {
  const top = topNodeId(d);
  return dataTable<DiffNodeRef>({
    id: `${which}-nodes`,
    testid: `${which}-table`,
    caption: which === 'added' ? 'Nodes with a value in run B and none in run A' : 'Nodes with a value in run A and none in run B',
    columns: REF_COLUMNS.map((label) => ({ label })),
    rows: refs,
    key: (r) => r.node_id,
    rowTestId: `${which}-row`,
    onOpen: (_r, _k, tr) => toggleRowValue(tr),
    cells: (r) => {
      return [
        r.node_id === top ? h('span', null, r.node_name, ' ', confidenceBadge(d, r.node_id)) : r.node_name,
        r.node_type,
        h('code', { class: 'hash', title: r.input_hash ?? '' }, shortHash(r.input_hash)),
        valueDetails(r.input_data, { label: `Value of ${r.node_name}`, onCopy: (md) => a.copy('value', md, 1) }),
        String(r.score),
        evidenceList(r.evidence, `${which}-evidence`) ?? '—',
      ];
    },
  });
}

export function bodyView(p: DiffPayload, source: SourceInfo, openValues: ReadonlySet<string>, a: DiffActions): Child[] {
  const d: RunDiff = p.diff;
  const where = describeSource(source);
  const out: Child[] = [];
  const verdict = verdictView(d);
  if (verdict) out.push(verdict);
  if (d.changed.length + d.added.length + d.removed.length === 0) out.push(emptyView(noDifferenceText(d, where), 'no-differences'));
  if (d.changed.length > 0) {
    out.push(
      section(
        {
          id: 'changed',
          title: 'Changed nodes',
          count: d.changed.length,
          testid: 'changed-section',
          note: 'Most likely cause of run B’s failure first, ranked by evidence: named by the failure, a value unlike the node’s history, growth before a timeout, the same failure elsewhere, the failed calculation’s node group; the order of the saves only breaks ties.',
          actions: [copyMarkdownButton(a.copyChanged, 'copy-changed')],
        },
        d.changed.map((n, i) => changedNodeView(n, i + 1, p, openValues.has(n.node_id), a)),
      ),
    );
  }
  if (d.added.length > 0) {
    out.push(section({ id: 'added', title: 'Added nodes', count: d.added.length, testid: 'added-section', note: 'A value in run B, none in run A.', actions: [copyMarkdownButton(() => a.copyRefs('added'), 'copy-added')] }, refsTable(d.added, 'added', a, d)));
  }
  if (d.removed.length > 0) {
    out.push(section({ id: 'removed', title: 'Removed nodes', count: d.removed.length, testid: 'removed-section', note: 'A value in run A, none in run B.', actions: [copyMarkdownButton(() => a.copyRefs('removed'), 'copy-removed')] }, refsTable(d.removed, 'removed', a, d)));
  }
  out.push(h('p', { class: 'unchanged', 'data-testid': 'unchanged-count' }, icon('check'), ` ${groupDigits(d.unchanged_count)} node${d.unchanged_count === 1 ? '' : 's'} with the same value in both runs.`));
  out.push(
    section(
      {
        id: 'calc',
        title: 'Node calc status changes',
        count: d.calc.length,
        testid: 'calc-section',
        actions: d.calc.length > 0 ? [copyMarkdownButton(a.copyCalc, 'copy-calc')] : [],
      },
      d.calc.length === 0
        ? emptyView(`No node calculation changed status between run A and run B on ${where}.`, 'calc-empty')
        : dataTable({
            id: 'calc-table',
            testid: 'calc-table',
            caption: 'Node calculations whose status differs between run A and run B',
            columns: CALC_COLUMNS.map((label, i) => ({ label, cls: [undefined, 'col-status', 'col-status', 'col-desc', 'col-num', 'col-num'][i] })),
            rows: d.calc,
            key: (c) => c.node_id,
            rowTestId: 'calc-row',
            rowClass: (c) => (c.status_b === 'failed' ? 'failure' : undefined),
            cells: (c) => [
              c.node_name,
              h('span', { class: `calc calc-${c.status_a ?? 'none'}` }, calcStatusText(c.status_a)),
              h('span', { class: `calc calc-${c.status_b ?? 'none'}` }, icon(c.status_b === 'failed' ? 'error' : c.status_b === 'success' ? 'pass' : 'circle-slash'), ' ', calcStatusText(c.status_b)),
              c.fail_reason_b ? h('span', { class: 'fail-reason', 'data-testid': 'calc-fail-reason' }, c.fail_reason_b) : '—',
              calcDuration(c.duration_a),
              calcDuration(c.duration_b),
            ],
          }),
    ),
  );
  return out;
}
