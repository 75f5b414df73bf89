/**
 * GFM tables for the "Copy as Markdown" buttons: every cell is escaped (pipes, line
 * breaks, markup), ids and JSON paths go in code spans.
 */
import { escapeTableCell, tableCodeSpan, tableHeader, tableRow } from '../../src/core/markdown';

/** A cell: plain text (escaped), or `{ code }` for ids, hashes and paths. */
export type MdCell = string | number | null | undefined | { code: string };

function cell(c: MdCell): string {
  if (c === null || c === undefined || c === '') return ' ';
  if (typeof c === 'number') return escapeTableCell(String(c));
  if (typeof c === 'object') return tableCodeSpan(c.code);
  return escapeTableCell(c);
}

/** `title` (optional) as a bold line above the table. */
export function markdownTable(headers: string[], rows: MdCell[][], title?: string): string {
  const lines: string[] = [];
  if (title) lines.push(`**${escapeTableCell(title)}**`, '');
  lines.push(tableHeader(headers));
  for (const r of rows) lines.push(tableRow(headers.map((_, i) => cell(r[i]))));
  return `${lines.join('\n')}\n`;
}
