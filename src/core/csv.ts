/**
 * CSV for the "Export CSV" buttons: RFC 4180 (comma separated, CRLF line ends, fields
 * holding a comma, a double quote, CR or LF are quoted and their quotes doubled) and safe
 * to open in a spreadsheet: a text cell starting with `=`, `+`, `-`, `@`, TAB or CR (a
 * formula to Excel, LibreOffice and Google Sheets) gets a leading `'`, so it shows as
 * text instead of running (OWASP "CSV Injection"). Numbers are written as numbers: a
 * number cannot be a formula, so `-1.5` stays `-1.5`. Pure.
 */

/** A cell: text (neutralised when it looks like a formula), a number, or empty. */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a text cell would be read as a formula by a spreadsheet. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** One field, quoted when needed. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = looksLikeFormula(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record (no line end). */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** A header line and the rows, each ended by CRLF. Rows shorter than the header get empty fields. */
export function toCsv(headers: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const width = headers.length;
  const lines = [csvRow(headers)];
  for (const r of rows) lines.push(csvRow(width > 0 && r.length < width ? [...r, ...new Array<CsvCell>(width - r.length).fill(null)] : r));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name from a title: `Top failing scenarios 2026-11-07..2026-11-20` → `top-failing-scenarios-2026-11-07-2026-11-20.csv`. */
export function csvFileName(title: string): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${base || 'table'}.csv`;
}
