import assert from 'node:assert/strict';
import { copyField, copyRows } from '../../../src/db/copyFormat';

describe('COPY text format (bulk load)', () => {
  it('writes NULL as \\N, booleans as t/f, numbers as text', () => {
    assert.equal(copyField(null), '\\N');
    assert.equal(copyField(undefined), '\\N');
    assert.equal(copyField(true), 't');
    assert.equal(copyField(false), 'f');
    assert.equal(copyField(42), '42');
    assert.equal(copyField(0.125), '0.125');
  });

  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    assert.equal(copyField('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e');
    assert.equal(copyField('{"k": "v \\" q"}'), '{"k": "v \\\\" q"}');
    assert.equal(copyField('Prévision 日本 – <script>'), 'Prévision 日本 – <script>');
    assert.equal(copyField('\\N'), '\\\\N', 'the text \\N is not NULL');
  });

  it('turns column arrays into tab-separated UTF-8 rows', () => {
    const buf = copyRows([
      ['a', null, 'x\ty'],
      [1, true, '日本'],
    ]);
    assert.equal(buf.toString('utf8'), 'a\t1\n\\N\tt\nx\\ty\t日本\n');
    assert.equal(copyRows([[], []]).length, 0);
  });

  it('grows its buffer for large values (a 200 KB input)', () => {
    const big = JSON.stringify({ patients: Array.from({ length: 4000 }, (_, i) => ({ age: i, stage: 'IIIA', note: 'é' })) });
    const buf = copyRows([[big, 'small'], ['x', 'y']]);
    assert.equal(buf.toString('utf8'), `${big}\tx\nsmall\ty\n`);
  });
});

// The ETL's COPY and upsert statements are derived from its table specs: test/unit/etl/etlSpec.test.ts.
