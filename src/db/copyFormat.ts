/**
 * PostgreSQL COPY's text format, pure (no driver): one value as a field, column arrays as
 * rows in one UTF-8 buffer, and COPY output split into batches of whole rows. Used by the
 * ETL's transform and load (src/etl) and by both database adapters.
 */

const COPY_ESCAPE = /[\\\t\n\r]/;
const COPY_ESCAPE_ALL = /[\\\t\n\r]/g;
const COPY_REPLACEMENT: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: `\N` for NULL, booleans as t/f, text escaped. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return COPY_ESCAPE.test(value) ? value.replace(COPY_ESCAPE_ALL, (c) => COPY_REPLACEMENT[c]) : value;
    case 'boolean':
      return value ? 't' : 'f';
    case 'number':
    case 'bigint':
      return String(value);
    default:
      return copyField(JSON.stringify(value));
  }
}

const TAB = 9;
const NEWLINE = 10;

/**
 * Column arrays (as the unnest loads take them) → COPY text rows, UTF-8 encoded straight
 * into one buffer (no row strings, no multi-megabyte string per batch for the GC to move).
 */
export function copyRows(columns: ReadonlyArray<ReadonlyArray<unknown>>): Buffer {
  const n = columns[0]?.length ?? 0;
  const width = columns.length;
  let buf = Buffer.allocUnsafe(Math.max(4096, n * width * 24));
  let len = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < width; c++) {
      const field = copyField(columns[c][i]);
      // At most 3 bytes per UTF-16 code unit, plus the separator.
      const need = len + field.length * 3 + 1;
      if (need > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      len += buf.write(field, len);
      buf[len++] = c === width - 1 ? NEWLINE : TAB;
    }
  }
  return buf.subarray(0, len);
}

const NEWLINE_BYTE = 10;

/** Splits COPY text (whole rows) into batches of at most `maxRows` rows. */
export function* splitRows(data: Buffer, maxRows: number): Generator<Buffer> {
  let start = 0;
  while (start < data.length) {
    let end = start;
    for (let n = 0; n < maxRows; n++) {
      const nl = data.indexOf(NEWLINE_BYTE, end);
      if (nl < 0) {
        end = data.length;
        break;
      }
      end = nl + 1;
      if (end >= data.length) break;
    }
    yield data.subarray(start, end);
    start = end;
  }
}
