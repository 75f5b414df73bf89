import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyField, copyRows } from '../../src/db/copyFormat';

const ROOT = join(__dirname, '..', '..');

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

describe('ETL statements', () => {
  const etl = join(ROOT, 'sql', 'etl');
  const columnsOf = (sql: string, re: RegExp): string[] => re.exec(sql)![1].split(',').map((c) => c.trim());

  it('every COPY file loads the same columns, in the same order, as its upsert', () => {
    const pairs: Record<string, string> = {
      dim_node: 'load_dim_node',
      dim_run: 'load_dim_run',
      dim_scenario: 'load_dim_scenario',
      dim_user: 'load_dim_user',
      fact_scenario_events: 'load_events',
      fact_input_changes: 'load_saves',
      fact_node_calculations: 'load_calcs',
    };
    const copies = readdirSync(etl).filter((f) => f.startsWith('copy_'));
    assert.equal(copies.length, Object.keys(pairs).length);
    for (const [table, load] of Object.entries(pairs)) {
      const copy = readFileSync(join(etl, `copy_${table}.sql`), 'utf8');
      const upsert = readFileSync(join(etl, `${load}.sql`), 'utf8');
      assert.match(copy, new RegExp(`COPY reporting\\.${table} \\(`));
      const insertCols = columnsOf(upsert, new RegExp(`INSERT INTO reporting\\.${table}(?: AS \\w+)? \\(([^)]*)\\)`));
      assert.deepEqual(columnsOf(copy, /COPY reporting\.\w+ \(([^)]*)\)/), insertCols, table);
      assert.equal([...upsert.matchAll(/\$(\d+)::\w+\[\]/g)].length, insertCols.length, `${load}: one array per column`);
    }
  });
});
