import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { recordCategory } from '../../../src/etl/logs/rows';
import { fileRecords, type FileBatch } from '../../../src/logs/fileRecords';

async function all(path: string, from = { offset: 0, line: 1 }, batch = 100): Promise<FileBatch[]> {
  const out: FileBatch[] = [];
  for await (const b of fileRecords(path, from, batch)) out.push(b);
  return out;
}

const TEXT = [
  '2026-03-01 10:00:01,000 INFO first',
  '2026-03-01 10:00:02,000 ERROR second',
  'Traceback (most recent call last):',
  '  File "a.py", line 1, in f',
  'ZeroDivisionError: division by zero',
  '2026-03-01 10:00:03,000 INFO third',
  '',
].join('\n');

describe('file records from an offset (the log load)', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearsight-records-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every record with its byte offset, first line and stack; the end is where the next read starts', async () => {
    const f = join(dir, 'a.log');
    writeFileSync(f, TEXT);
    const [b, ...rest] = await all(f);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      b.records.map((r) => [r.offset, r.line, r.entry.level, r.entry.message, r.entry.stack]),
      [
        [0, 1, 'INFO', 'first', null],
        [35, 2, 'ERROR', 'second', 'Traceback (most recent call last):\n  File "a.py", line 1, in f\nZeroDivisionError: division by zero'],
        [TEXT.indexOf('2026-03-01 10:00:03'), 6, 'INFO', 'third', null],
      ],
    );
    assert.deepEqual(b.end, { offset: Buffer.byteLength(TEXT), line: 7 });
  });

  it('reads a grown file from where it stopped, and leaves a line still being written for later', async () => {
    const f = join(dir, 'b.log');
    writeFileSync(f, TEXT);
    const end = (await all(f))[0].end;
    appendFileSync(f, '2026-03-01 10:00:04,000 WARN fourth\n2026-03-01 10:00:05,000 INFO fif');
    const [b] = await all(f, end);
    assert.deepEqual(b.records.map((r) => [r.offset, r.line, r.entry.message]), [[end.offset, 7, 'fourth']]);
    assert.deepEqual(b.end, { offset: end.offset + Buffer.byteLength('2026-03-01 10:00:04,000 WARN fourth\n'), line: 8 });
    appendFileSync(f, 'th\n');
    const [c] = await all(f, b.end);
    assert.deepEqual(c.records.map((r) => [r.line, r.entry.message]), [[8, 'fifth']]);
    assert.deepEqual(await all(f, c.end), [], 'nothing new: no batch');
  });

  it('reads .gz files (offsets in the uncompressed bytes), CRLF lines, and batches of the size asked', async () => {
    const f = join(dir, 'c.log.gz');
    writeFileSync(f, gzipSync(TEXT.replace(/\n/g, '\r\n')));
    const batches = await all(f, { offset: 0, line: 1 }, 2);
    assert.deepEqual(batches.map((b) => b.records.length), [2, 1]);
    assert.deepEqual(batches.flatMap((b) => b.records.map((r) => r.entry.message)), ['first', 'second', 'third']);
    assert.equal(batches[0].records[1].entry.stack?.split('\n')[2], 'ZeroDivisionError: division by zero');
    const from = batches[0].end;
    assert.deepEqual((await all(f, from)).flatMap((b) => b.records.map((r) => [r.line, r.entry.message])), [[6, 'third']]);
  });

  it('rejects a file that cannot be read, and bad gzip data', async () => {
    await assert.rejects(all(join(dir, 'missing.log')), /ENOENT/);
    const bad = join(dir, 'bad.log.gz');
    writeFileSync(bad, 'not gzip\n');
    await assert.rejects(all(bad), (e: NodeJS.ErrnoException) => e.code === 'Z_DATA_ERROR');
  });

  it('categorises error records only: ours as the detail, the design’s four as the category', () => {
    assert.equal(recordCategory('INFO', 'division by zero', null), null);
    assert.deepEqual(recordCategory('ERROR', 'node failed', 'ZeroDivisionError: division by zero'), { category: 'calculation', detail: 'calculation' });
    assert.deepEqual(recordCategory('FATAL', "KeyError: 'region'", null), { category: 'validation', detail: 'data' });
    assert.deepEqual(recordCategory('ERROR', 'psycopg2.OperationalError: deadlock detected', null), { category: 'database', detail: 'infrastructure' });
    assert.deepEqual(recordCategory('ERROR', 'S3 read timed out', null), { category: 'timeout', detail: 'infrastructure' });
    assert.deepEqual(recordCategory('ERROR', 'something odd', null), { category: 'calculation', detail: 'other' });
  });
});
