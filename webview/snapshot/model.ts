/**
 * The input snapshot panel's data shaping: filters, badges, counts, the Markdown table.
 * Pure; tested in test/unit/webview/webviewSnapshot.test.ts.
 */
import type { SnapshotNode } from '../../src/core/types';
import type { NodeChange } from '../../src/shared/protocol/snapshot';
import type { BadgeKind } from '../common/ui';
import { formatIso, groupDigits, searchableJson, summarizeValue } from '../common/format';
import { markdownTable } from '../common/markdownTable';

export interface SnapshotFilter {
  /** '' or a node_type. */
  type: string;
  /** '' (all), 'changed' (since the previous run), 'empty' (no value in force). */
  show: string;
  search: string;
}

export const NO_SNAPSHOT_FILTER: SnapshotFilter = { type: '', show: '', search: '' };

export function hasValue(n: SnapshotNode): boolean {
  return n.input_hash !== null && n.input_hash !== undefined;
}

export function isChange(c: NodeChange | undefined): boolean {
  return c === 'changed' || c === 'added' || c === 'cleared';
}

const searchCache = new WeakMap<SnapshotNode, string>();

/** Name, type, group, who saved it, hash and the value's JSON text, lower-cased. */
function searchText(n: SnapshotNode): string {
  let t = searchCache.get(n);
  if (t === undefined) {
    t = [n.node_name, n.node_type, n.node_group ?? '', n.saved_by ?? '', n.input_hash ?? ''].join('\n').toLowerCase() + '\n' + searchableJson(n.input_data);
    searchCache.set(n, t);
  }
  return t;
}

export function filterNodes(nodes: readonly SnapshotNode[], changes: Record<string, NodeChange>, f: SnapshotFilter): SnapshotNode[] {
  const q = f.search.trim().toLowerCase();
  return nodes.filter(
    (n) =>
      (f.type === '' || n.node_type === f.type) &&
      (f.show === '' || (f.show === 'changed' ? isChange(changes[n.node_id]) : f.show === 'empty' ? !hasValue(n) : true)) &&
      (q === '' || searchText(n).includes(q)),
  );
}

export function isSnapshotFiltered(f: SnapshotFilter): boolean {
  return f.type !== '' || f.show !== '' || f.search.trim() !== '';
}

export function nodeTypes(nodes: readonly SnapshotNode[]): string[] {
  return [...new Set(nodes.map((n) => n.node_type))].sort();
}

export interface NodeBadge {
  text: string;
  kind: BadgeKind;
  title: string;
  testid: string;
}

/** The badges of a node row: value in force, and how it compares with the previous run. */
export function nodeBadges(n: SnapshotNode, change: NodeChange | undefined): NodeBadge[] {
  const out: NodeBadge[] = [];
  if (!hasValue(n)) out.push({ text: 'no value in force', kind: 'muted', title: 'No saved input was in force at this run', testid: 'badge-no-value' });
  switch (change) {
    case 'changed':
      out.push({ text: 'changed since previous run', kind: 'warn', title: 'The input hash differs from the previous run', testid: 'badge-changed' });
      break;
    case 'added':
      out.push({ text: 'new since previous run', kind: 'warn', title: 'No value was in force at the previous run', testid: 'badge-changed' });
      break;
    case 'cleared':
      out.push({ text: 'cleared since previous run', kind: 'warn', title: 'A value was in force at the previous run, none now', testid: 'badge-changed' });
      break;
    default:
      break;
  }
  return out;
}

export interface SnapshotCounts {
  nodes: number;
  withValue: number;
  empty: number;
  changed: number;
}

export function snapshotCounts(nodes: readonly SnapshotNode[], changes: Record<string, NodeChange>): SnapshotCounts {
  let withValue = 0;
  let changed = 0;
  for (const n of nodes) {
    if (hasValue(n)) withValue++;
    if (isChange(changes[n.node_id])) changed++;
  }
  return { nodes: nodes.length, withValue, empty: nodes.length - withValue, changed };
}

function describeFilter(f: SnapshotFilter): string {
  const parts: string[] = [];
  if (f.type) parts.push(`type "${f.type}"`);
  if (f.show === 'changed') parts.push('changed since the previous run');
  if (f.show === 'empty') parts.push('without a value in force');
  if (f.search.trim()) parts.push(`search "${f.search.trim()}"`);
  return parts.join(', ');
}

export function emptyNodesText(runId: string, where: string, f: SnapshotFilter, total: number): string {
  if (total === 0) return `Run ${runId} has no model nodes on ${where}.`;
  return `No node matches ${describeFilter(f)} among the ${groupDigits(total)} nodes of run ${runId} on ${where}.`;
}

export const SNAPSHOT_COLUMNS = ['Node', 'Type', 'Group', 'Hash', 'Saved at (UTC)', 'Saved by', 'Value'];

function changeText(c: NodeChange | undefined): string {
  return c === 'changed' || c === 'added' || c === 'cleared' ? c : c === 'unknown' ? '' : 'no';
}

export function snapshotMarkdown(nodes: readonly SnapshotNode[], changes: Record<string, NodeChange>, title: string): string {
  return markdownTable(
    ['Node', 'Type', 'Group', 'Hash', 'Saved at (UTC)', 'Saved by', 'Changed since previous run', 'Value'],
    nodes.map((n) => [
      n.node_name,
      n.node_type,
      n.node_group,
      n.input_hash ? { code: n.input_hash } : null,
      n.saved_at ? formatIso(n.saved_at) : null,
      n.saved_by,
      changeText(changes[n.node_id]),
      n.input_withheld ? 'withheld' : hasValue(n) ? { code: summarizeValue(n.input_data, 60) } : 'no value in force',
    ]),
    title,
  );
}
