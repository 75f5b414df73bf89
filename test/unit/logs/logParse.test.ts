import assert from 'node:assert/strict';
import { isHeaderLine, normalizeLevel, parseHeaderLine, parseLogText, parseLogTimestamp, RecordAssembler } from '../../../src/logs/parse';

const RUN = '3f2a1b4c-1111-2222-3333-444455556666';
const REQ = '9e2a1b4c-aaaa-2222-3333-444455556666';

describe('log parsing', () => {
  it('parses ISO timestamp + level lines (Python logging, logback, bracketed)', () => {
    const py = parseHeaderLine(`2026-03-01 10:00:00,123 ERROR engine.calc: node 'Net revenue' failed run_id=${RUN}`)!;
    assert.equal(py.timestamp, '2026-03-01T10:00:00.123Z');
    assert.equal(py.level, 'ERROR');
    assert.equal(py.message, `engine.calc: node 'Net revenue' failed run_id=${RUN}`);
    assert.deepEqual(py.ids, [RUN]);

    const java = parseHeaderLine(`2026-03-01T10:00:00.5+02:00 [calc-worker-3] WARN  c.c.engine.Scheduler - retrying request ${REQ.toUpperCase()}`)!;
    assert.equal(java.timestamp, '2026-03-01T08:00:00.500Z');
    assert.equal(java.level, 'WARN');
    assert.equal(java.message, `c.c.engine.Scheduler - retrying request ${REQ.toUpperCase()}`);
    assert.deepEqual(java.ids, [REQ]);

    const br = parseHeaderLine('[2026-03-01 23:59:59.999999Z] [critical] out of memory')!;
    assert.equal(br.timestamp, '2026-03-01T23:59:59.999Z');
    assert.equal(br.level, 'FATAL');
    assert.equal(br.message, 'out of memory');
  });

  it('parses JSON lines with level/msg, epoch times and an embedded stack', () => {
    const j = parseHeaderLine(
      JSON.stringify({ ts: 1772359200.25, level: 'warning', msg: 'slow node', run_id: RUN, exc_info: 'Traceback (most recent call last):\n  File "a.py", line 1\nValueError: x' }),
    )!;
    assert.equal(j.timestamp, '2026-03-01T10:00:00.250Z');
    assert.equal(j.level, 'WARN');
    assert.equal(j.message, 'slow node');
    assert.equal(j.stack, 'Traceback (most recent call last):\n  File "a.py", line 1\nValueError: x');
    assert.deepEqual(j.ids, [RUN]);
    const pino = parseHeaderLine(JSON.stringify({ time: 1772359200000, level: 50, message: 'boom', err: { stack: 'Error: boom\n    at f (x.js:1:1)' } }))!;
    assert.equal(pino.level, 'ERROR');
    assert.equal(pino.timestamp, '2026-03-01T10:00:00.000Z');
    assert.equal(pino.stack, 'Error: boom\n    at f (x.js:1:1)');
    // A JSON array or broken JSON is not a record start of this kind.
    assert.equal(parseHeaderLine('[1, 2]'), null);
    assert.equal(parseHeaderLine('{"level": '), null);
  });

  it('keeps a Python traceback whole as the stack of the record it follows', () => {
    const text = [
      `2026-03-01 10:00:00,000 INFO engine.run: run ${RUN} started`,
      `2026-03-01 10:00:05,100 ERROR engine.calc: calculation failed for run ${RUN}`,
      'Traceback (most recent call last):',
      '  File "/app/engine/calc.py", line 212, in evaluate',
      '    value = numerator / denominator',
      'ZeroDivisionError: division by zero',
      '',
      `2026-03-01 10:00:06,000 INFO engine.run: run ${RUN} finished: failed`,
    ].join('\n');
    const entries = parseLogText(text);
    assert.equal(entries.length, 3);
    assert.equal(entries[1].level, 'ERROR');
    assert.equal(entries[1].message, `engine.calc: calculation failed for run ${RUN}`);
    assert.equal(
      entries[1].stack,
      'Traceback (most recent call last):\n  File "/app/engine/calc.py", line 212, in evaluate\n    value = numerator / denominator\nZeroDivisionError: division by zero',
    );
    assert.equal(entries[0].stack, null);
    assert.equal(entries[2].message, `engine.run: run ${RUN} finished: failed`);
  });

  it('keeps a Java stack trace with Caused by as one stack; ids in the stack count', () => {
    const text = [
      `2026-03-01 10:00:05.100 [pool-1-thread-2] ERROR com.clearsight.engine.NodeRunner - node failed`,
      `java.lang.IllegalStateException: calc failed for request ${REQ}`,
      '\tat com.clearsight.engine.NodeRunner.run(NodeRunner.java:88)',
      'Caused by: org.postgresql.util.PSQLException: ERROR: deadlock detected',
      '\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2676)',
      '\t... 12 more',
    ].join('\r\n');
    const [e] = parseLogText(text);
    assert.equal(e.level, 'ERROR');
    assert.ok(e.stack!.startsWith('java.lang.IllegalStateException'));
    assert.ok(e.stack!.endsWith('\t... 12 more'));
    assert.equal(e.stack!.split('\n').length, 5);
    assert.deepEqual(e.ids, [REQ]);
  });

  it('tells record starts from continuation lines', () => {
    assert.equal(isHeaderLine('2026-03-01T10:00:00Z INFO x'), true);
    assert.equal(isHeaderLine('{"msg":"x"}'), true);
    assert.equal(isHeaderLine('Traceback (most recent call last):'), false);
    assert.equal(isHeaderLine('\tat a.b(C.java:1)'), false);
    assert.equal(isHeaderLine('2026 was a good year'), false);
    assert.equal(isHeaderLine('ValueError: bad'), false);
  });

  it('assembles records with their first line numbers', () => {
    const got: Array<[number, number]> = [];
    const asm = new RecordAssembler((lines, first) => got.push([first, lines.length]));
    for (const l of ['orphan line', '2026-03-01T10:00:00Z INFO a', '  more', '2026-03-01T10:00:01Z INFO b']) asm.push(l);
    asm.flush();
    assert.deepEqual(got, [
      [0, 1],
      [1, 2],
      [3, 1],
    ]);
  });

  it('normalises levels and timestamps; rejects impossible dates', () => {
    assert.equal(normalizeLevel('Warning'), 'WARN');
    assert.equal(normalizeLevel('SEVERE'), 'FATAL');
    assert.equal(normalizeLevel(30), 'INFO');
    assert.equal(normalizeLevel('verbose'), null);
    assert.equal(parseLogTimestamp('2026-03-01T10:00:00-05:30'), '2026-03-01T15:30:00.000Z');
    assert.equal(parseLogTimestamp('2026-13-01T10:00:00Z'), null);
    assert.equal(parseLogTimestamp('yesterday'), null);
    assert.equal(parseHeaderLine('2026-02-30x'), null);
  });
});
