import assert from 'node:assert/strict';
import { csvField, csvFileName, csvRow, looksLikeFormula, toCsv } from '../../../src/core/csv';

/** A small RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('csv', () => {
  it('leaves plain fields alone and quotes fields with a comma, a quote, CR or LF (quotes doubled)', () => {
    assert.equal(csvField('plain text'), 'plain text');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(''), '');
    assert.equal(csvField(' padded '), ' padded ');
  });

  it('writes numbers as numbers (a negative number is not a formula), booleans as words, nothing for null and non-finite', () => {
    assert.equal(csvField(42), '42');
    assert.equal(csvField(-1.5), '-1.5');
    assert.equal(csvField(0), '0');
    assert.equal(csvField(true), 'true');
    assert.equal(csvField(null), '');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(Number.NaN), '');
    assert.equal(csvField(Number.POSITIVE_INFINITY), '');
  });

  it('neutralises text a spreadsheet would run as a formula: = + - @ TAB CR first', () => {
    for (const f of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"]) {
      assert.ok(looksLikeFormula(f), f);
      const out = csvField(f);
      const back = parseCsv(`${out}\r\n`)[0]![0]!;
      assert.equal(back, `'${f}`, `${JSON.stringify(f)} → ${JSON.stringify(out)}`);
    }
    assert.equal(csvField('=A1,B1'), `"'=A1,B1"`);
    // Only the first character matters.
    assert.equal(csvField('a=b'), 'a=b');
    assert.equal(csvField('x-1'), 'x-1');
    assert.ok(!looksLikeFormula('KeyError: x'));
  });

  it('builds a document with CRLF line ends that reads back to the same cells', () => {
    const headers = ['Scenario', 'Failures', 'Fail reason'];
    const rows = [
      ['Crohn\'s – FR "what-if"', 3, "KeyError: 'CHF' not found,\nnode 'Price'"],
      ['=evil()', -2, null],
      ['<script>alert(1)</script>', 0, ''],
    ];
    const text = toCsv(headers, rows);
    assert.ok(text.endsWith('\r\n'));
    assert.equal(text.split('\r\n').length, 5, 'header + 3 rows + final empty');
    assert.deepEqual(parseCsv(text), [
      headers,
      ['Crohn\'s – FR "what-if"', '3', "KeyError: 'CHF' not found,\nnode 'Price'"],
      ["'=evil()", '-2', ''],
      ['<script>alert(1)</script>', '0', ''],
    ]);
  });

  it('pads short rows to the header width; an empty table is the header line', () => {
    assert.equal(toCsv(['a', 'b', 'c'], [['x']]), 'a,b,c\r\nx,,\r\n');
    assert.equal(toCsv(['a'], []), 'a\r\n');
    assert.equal(csvRow(['a', 'b,c']), 'a,"b,c"');
  });

  it('names files from titles', () => {
    assert.equal(csvFileName('Top failing scenarios 2026-11-07..2026-11-20'), 'top-failing-scenarios-2026-11-07-2026-11-20.csv');
    assert.equal(csvFileName('../../etc/passwd'), 'etc-passwd.csv');
    assert.equal(csvFileName('***'), 'table.csv');
  });
});
