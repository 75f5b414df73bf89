/** Run Diagnostics: filtering and copying the log lines (pure). */
import type { LogLine } from '../../src/logs/types';
import { escapeTableCell } from '../../src/core/markdown';
import type { DiagnosticsUi } from '../../src/shared/protocol/diagnostics';

export type LogFilter = DiagnosticsUi;
export const NO_LOG_FILTER: LogFilter = { level: '', source: '', search: '' };

const RANK: Record<string, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };

export const LEVEL_OPTIONS = [
  { value: '', label: 'All levels' },
  { value: 'DEBUG', label: 'DEBUG and above' },
  { value: 'INFO', label: 'INFO and above' },
  { value: 'WARN', label: 'WARN and above' },
  { value: 'ERROR', label: 'ERROR and above' },
];

/** The lines the filter keeps, with their index in the payload (what `openLine` sends). */
export function filterLines(lines: readonly LogLine[], f: LogFilter): Array<{ line: LogLine; index: number }> {
  const min = f.level ? RANK[f.level] ?? 0 : -1;
  const needle = f.search.trim().toLowerCase();
  const out: Array<{ line: LogLine; index: number }> = [];
  lines.forEach((line, index) => {
    // An undated / unlevelled record is kept unless a level is asked for.
    if (min >= 0 && (line.level === null || (RANK[line.level] ?? 0) < min)) return;
    if (f.source && line.source !== f.source) return;
    if (needle && !`${line.message}\n${line.stack ?? ''}\n${line.origin}`.toLowerCase().includes(needle)) return;
    out.push({ line, index });
  });
  return out;
}

export function isLogFiltered(f: LogFilter): boolean {
  return f.level !== '' || f.source !== '' || f.search.trim() !== '';
}

/** Level → look: the class colours it with the theme's error / warning / info colours. */
export function levelClass(level: string | null): string {
  switch (level) {
    case 'FATAL':
    case 'ERROR':
      return 'lvl-error';
    case 'WARN':
      return 'lvl-warn';
    case 'INFO':
      return 'lvl-info';
    default:
      return 'lvl-debug';
  }
}

/** Lines per level (the header's counts). */
export function levelCounts(lines: readonly LogLine[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const l of lines) c[l.level ?? '—'] = (c[l.level ?? '—'] ?? 0) + 1;
  return c;
}

/** Where a line is, for people: `file:line`, or the group / stream. */
export function locationText(l: LogLine): string {
  const base = l.source === 'files' ? l.origin.split(/[\\/]/).slice(-2).join('/') : l.origin;
  return l.line !== null ? `${base}:${l.line}` : base;
}

/** The shown lines as a Markdown table (Copy as Markdown). */
export function logsMarkdown(rows: ReadonlyArray<{ line: LogLine }>, title: string): string {
  const out = [`**${escapeTableCell(title)}**`, '', '| Time (UTC) | Level | Message | Where |', '| --- | --- | --- | --- |'];
  for (const { line: l } of rows) {
    out.push(`| ${l.timestamp ?? '—'} | ${l.level ?? '—'} | ${escapeTableCell(l.message)}${l.stack ? ` (+${l.stack.split('\n').length} stack lines)` : ''} | ${escapeTableCell(`${l.source}: ${l.line !== null ? `${l.origin}:${l.line}` : l.origin}`)} |`);
  }
  return out.join('\n');
}
