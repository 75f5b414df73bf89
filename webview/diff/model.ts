/**
 * The run diff panel's data shaping: JSON path parsing, collapsing long runs of array
 * additions / removals (`$.patients[50..11999]: 11,950 added`), summaries and Markdown.
 * Pure; tested in test/unit/webview/webviewDiff.test.ts.
 */
import type { CalcComparison, CulpritEvidence, DiffChangedNode, DiffNodeRef, PathChange, RunDiff } from '../../src/core/types';
import { formatDuration, groupDigits, summarizeValue } from '../common/format';
import { markdownTable } from '../common/markdownTable';

export type PathSegment = string | number;

/**
 * Parses a path as written by src/core/jsonDiff: `$`, then `.ident`, `["json string"]` or
 * `[index]` steps. Null when the text is not such a path.
 */
export function parsePath(path: string): PathSegment[] | null {
  if (!path.startsWith('$')) return null;
  const out: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(path.slice(i + 1));
      if (!m) return null;
      out.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      if (path[i + 1] === '"') {
        // A JSON string: find its closing quote (skipping escapes), then `]`.
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        if (path[j + 1] !== ']') return null;
        try {
          out.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        } catch {
          return null;
        }
        i = j + 2;
      } else {
        const m = /^\[(\d+)\]/.exec(path.slice(i));
        if (!m) return null;
        out.push(Number(m[1]));
        i += m[0].length;
      }
    } else {
      return null;
    }
  }
  return out;
}

const MISSING = Symbol('missing');

/** The value at a parsed path, or MISSING. */
export function resolvePath(root: unknown, segs: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const s of segs) {
    if (typeof s === 'number') {
      if (!Array.isArray(cur) || s >= cur.length) return MISSING;
      cur = cur[s];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return MISSING;
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return cur;
}

export function isMissing(v: unknown): boolean {
  return v === MISSING;
}

export interface PathRow {
  /** `$.growth["2028"]`, or a range `$.patients[50..11999]`. */
  path: string;
  kind: PathChange['kind'];
  /** How many paths the row stands for (1 unless collapsed). */
  count: number;
  /** `changed`, `added`, `11,950 added`. */
  label: string;
  before: string;
  after: string;
  /** Longer renderings for a tooltip. */
  beforeFull: string;
  afterFull: string;
  collapsed: boolean;
}

const INDEXED = /^(.*)\[(\d+)\]$/;

function single(c: PathChange, len: number): PathRow {
  return {
    path: c.path,
    kind: c.kind,
    count: 1,
    label: c.kind === 'type' ? 'type changed' : c.kind,
    before: summarizeValue(c.before, len),
    after: summarizeValue(c.after, len),
    beforeFull: summarizeValue(c.before, 400),
    afterFull: summarizeValue(c.after, 400),
    collapsed: false,
  };
}

export interface CollapseOptions {
  /** Runs shorter than this stay one row per path (default 4). */
  minRun?: number;
  /** Characters of a value summary (default 60). */
  valueLength?: number;
}

/** A JSONPath slice change from the core diff: `$.patients[50:12000]` (end exclusive). */
const SLICE = /^(.*)\[(\d+):(\d+)\]$/;

function rangeRow(kind: PathChange['kind'], parent: string, start: number, endExclusive: number, first: unknown, last: unknown, len: number): PathRow {
  const count = endExclusive - start;
  const end = endExclusive - 1;
  const values = `[${start}] ${summarizeValue(first, Math.floor(len / 2))} … [${end}] ${summarizeValue(last, Math.floor(len / 2))}`;
  const valuesFull = `[${start}] ${summarizeValue(first, 200)} … [${end}] ${summarizeValue(last, 200)}`;
  return {
    path: `${parent}[${start}:${endExclusive}]`,
    kind,
    count,
    label: `${groupDigits(count)} ${kind}`,
    before: kind === 'removed' ? values : '(absent)',
    after: kind === 'added' ? values : '(absent)',
    beforeFull: kind === 'removed' ? valuesFull : '(absent)',
    afterFull: kind === 'added' ? valuesFull : '(absent)',
    collapsed: true,
  };
}

/**
 * Table rows of a node's path changes. The core diff already reports a long added or
 * removed array tail as one slice change (`$.patients[50:12000]`); shorter runs of
 * consecutive elements added (or removed) at the end of the same array are folded here
 * the same way, from `minRun` elements on.
 */
export function collapsePathChanges(changes: readonly PathChange[], o: CollapseOptions = {}): PathRow[] {
  const minRun = Math.max(2, o.minRun ?? 4);
  const len = o.valueLength ?? 60;
  const rows: PathRow[] = [];
  let i = 0;
  while (i < changes.length) {
    const c = changes[i]!;
    const slice = SLICE.exec(c.path);
    if (slice && (c.kind === 'added' || c.kind === 'removed')) {
      const items = (c.kind === 'added' ? c.after : c.before) as unknown[];
      const list = Array.isArray(items) ? items : [];
      rows.push(rangeRow(c.kind, slice[1]!, Number(slice[2]), Number(slice[3]), list[0], list[list.length - 1], len));
      i++;
      continue;
    }
    const m = INDEXED.exec(c.path);
    if (!m || (c.kind !== 'added' && c.kind !== 'removed')) {
      rows.push(single(c, len));
      i++;
      continue;
    }
    const parent = m[1]!;
    const start = Number(m[2]);
    let j = i + 1;
    while (j < changes.length) {
      const d = changes[j]!;
      const n = INDEXED.exec(d.path);
      if (!n || d.kind !== c.kind || n[1] !== parent || Number(n[2]) !== start + (j - i)) break;
      j++;
    }
    if (j - i < minRun) {
      for (let k = i; k < j; k++) rows.push(single(changes[k]!, len));
    } else {
      const value = (x: PathChange): unknown => (c.kind === 'added' ? x.after : x.before);
      rows.push(rangeRow(c.kind, parent, start, start + (j - i), value(c), value(changes[j - 1]!), len));
    }
    i = j;
  }
  return rows;
}

/** Whether the diff stopped listing paths for this node (it found `maxPaths` of them). */
export function isCut(node: DiffChangedNode, maxPaths: number): boolean {
  return node.path_changes.length >= maxPaths;
}

export interface DiffCounts {
  changed: number;
  failedInB: number;
  added: number;
  removed: number;
  unchanged: number;
  calc: number;
  calcFailed: number;
}

export function diffCounts(d: RunDiff): DiffCounts {
  return {
    changed: d.changed.length,
    failedInB: d.changed.filter((c) => c.failed_in_b).length,
    added: d.added.length,
    removed: d.removed.length,
    unchanged: d.unchanged_count,
    calc: d.calc.length,
    calcFailed: d.calc.filter((c) => c.status_b === 'failed').length,
  };
}

/** `3 changed nodes (1 failed in run B), 0 added, 0 removed, 46 unchanged`. */
export function diffSummaryText(c: DiffCounts): string {
  const changed = `${groupDigits(c.changed)} changed node${c.changed === 1 ? '' : 's'}${c.failedInB > 0 ? ` (${groupDigits(c.failedInB)} failed in run B)` : ''}`;
  return `${changed}, ${groupDigits(c.added)} added, ${groupDigits(c.removed)} removed, ${groupDigits(c.unchanged)} unchanged; ${groupDigits(c.calc)} node calc status change${c.calc === 1 ? '' : 's'}`;
}

export function noDifferenceText(d: RunDiff, where: string): string {
  return `Runs ${d.run_a.run_id} and ${d.run_b.run_id} used the same input values (${groupDigits(d.unchanged_count)} nodes compared on ${where}).`;
}

export function calcStatusText(s: CalcComparison['status_a']): string {
  return s ?? 'not run';
}

export function calcDuration(seconds: number | null): string {
  return seconds === null ? '—' : formatDuration(seconds * 1000);
}

export const PATH_COLUMNS = ['Path', 'Change', 'Before (run A)', 'After (run B)'];
export const CALC_COLUMNS = ['Node', 'Run A', 'Run B', 'Fail reason (run B)', 'Duration A', 'Duration B'];
export const REF_COLUMNS = ['Node', 'Type', 'Hash', 'Value', 'Score', 'Evidence'];

export function pathsMarkdown(node: DiffChangedNode, rows: readonly PathRow[]): string {
  return markdownTable(
    PATH_COLUMNS,
    rows.map((r) => [{ code: r.path }, r.label, { code: r.before }, { code: r.after }]),
    `${node.node_name} (${node.node_type})${node.failed_in_b ? ' — failed in run B' : ''}`,
  );
}

export function calcMarkdown(calc: readonly CalcComparison[]): string {
  return markdownTable(
    CALC_COLUMNS,
    calc.map((c) => [c.node_name, calcStatusText(c.status_a), calcStatusText(c.status_b), c.fail_reason_b, calcDuration(c.duration_a), calcDuration(c.duration_b)]),
    'Node calc status changes',
  );
}

export function refsMarkdown(refs: readonly DiffNodeRef[], title: string): string {
  return markdownTable(
    REF_COLUMNS,
    refs.map((r) => [r.node_name, r.node_type, r.input_hash ? { code: r.input_hash } : null, { code: summarizeValue(r.input_data, 60) }, r.score, evidenceText(r.evidence)]),
    title,
  );
}

/** The changed nodes (name, type, paths, flags) as one Markdown table. */
export function changedMarkdown(d: RunDiff): string {
  return markdownTable(
    ['Rank', 'Node', 'Type', 'Score', 'Evidence', 'Failed in run B', 'Paths changed', 'Saved by (run B)'],
    d.changed.map((c, i) => [i + 1, c.node_name, c.node_type, c.score, evidenceText(c.evidence), c.failed_in_b ? 'yes' : 'no', c.paths.length, c.after.saved_by]),
    `Changed nodes: run ${d.run_a.run_id} → run ${d.run_b.run_id}`,
  );
}

/** A piece of an evidence detail: our words, or data that was a Markdown code span. */
export interface DetailPart {
  code: boolean;
  text: string;
}

/**
 * Splits an evidence detail (src/core/culprit: plain words, data in code spans) into text and
 * code parts: a run of N backticks opens a span closed by the next run of exactly N; one
 * padding space on each side is removed when both are there (CommonMark).
 */
export function detailParts(detail: string): DetailPart[] {
  const out: DetailPart[] = [];
  let i = 0;
  let text = '';
  while (i < detail.length) {
    if (detail[i] !== '`') {
      text += detail[i++];
      continue;
    }
    let n = 0;
    while (detail[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let j = i + n;
    let close = -1;
    while (j < detail.length) {
      const k = detail.indexOf(fence, j);
      if (k < 0) break;
      if (detail[k + n] !== '`' && detail[k - 1] !== '`') {
        close = k;
        break;
      }
      j = k + 1;
      while (detail[j] === '`') j++;
    }
    if (close < 0) {
      text += fence;
      i += n;
      continue;
    }
    if (text) out.push({ code: false, text });
    text = '';
    let body = detail.slice(i + n, close);
    if (body.length >= 2 && body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') body = body.slice(1, -1);
    out.push({ code: true, text: body });
    i = close + n;
  }
  if (text) out.push({ code: false, text });
  return out;
}

/** Whether the ranking rests on more than the order of the saves. */
/**
 * What the panel says next to the top candidate, from the diff's verdict (computed once in
 * src/core/culprit/verdict.ts): `culprit` only for a strong verdict naming this node.
 */
export function topBadge(d: Pick<RunDiff, 'confidence' | 'verdict'>, nodeId: string): { kind: 'culprit' | 'weak' | 'not-blamed'; text: string; title: string } {
  const title = `${d.verdict.summary.replace(/`/g, '')} (confidence: ${d.confidence})`;
  if (d.confidence === 'strong' && d.verdict.node_id === nodeId) return { kind: 'culprit', text: 'likely cause · confidence strong', title };
  if (d.confidence === 'weak') return { kind: 'weak', text: 'possible cause · confidence weak', title };
  return { kind: 'not-blamed', text: d.verdict.kind === 'infrastructure' ? 'not blamed: not an input · confidence none' : 'not blamed · confidence none', title };
}

/** Evidence as one line of text (Markdown copies keep the code spans). */
export function evidenceText(evidence: readonly CulpritEvidence[]): string {
  return evidence.map((e) => detailParts(e.detail).map((p) => p.text).join('')).join('; ');
}
