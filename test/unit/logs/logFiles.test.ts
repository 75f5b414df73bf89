import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FileLogSource } from '../../../src/logs/fileSource';
import { expandGlobs, globToRegExp } from '../../../src/logs/glob';
import { capMessage, collectRunLogs, logLineJson, runLogQuery } from '../../../src/logs/search';

const RUN = '3f2a1b4c-1111-2222-3333-444455556666';
const REQ = '9e2a1b4c-aaaa-2222-3333-444455556666';
const SCEN = '5c2a1b4c-bbbb-2222-3333-444455556666';
const OTHER = '7d2a1b4c-cccc-2222-3333-444455556666';

const run = { run_id: RUN, run_req_id: REQ, scenario_id: SCEN, run_at: '2026-03-01T10:00:00.000Z', run_complete_at: '2026-03-01T10:05:00.000Z' };

describe('log files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the query from the run: ids and window ± margin', () => {
    const q = runLogQuery(run, 10);
    assert.deepEqual(q.ids, [RUN, REQ, SCEN]);
    assert.equal(q.from, '2026-03-01T09:50:00.000Z');
    assert.equal(q.to, '2026-03-01T10:15:00.000Z');
    const running = runLogQuery({ ...run, run_complete_at: null, run_req_id: null }, 0, () => Date.parse('2026-03-01T11:00:00Z'));
    assert.deepEqual(running.ids, [RUN, SCEN]);
    assert.equal(running.to, '2026-03-01T11:00:00.000Z');
  });

  it('finds the run’s records in plain, JSON-lines and gzip files, with tracebacks, in time order', async () => {
    writeFileSync(
      join(dir, 'engine.log'),
      [
        `2026-03-01 09:30:00,000 INFO run ${RUN} queued`, // before the window
        `2026-03-01 10:00:00,000 INFO engine.run: run ${RUN} started (request ${REQ})`,
        `2026-03-01 10:00:01,000 INFO engine.run: run ${OTHER} started`,
        `2026-03-01 10:04:00,000 ERROR engine.calc: node failed run_id=${RUN}`,
        'Traceback (most recent call last):',
        '  File "/app/engine/calc.py", line 212, in evaluate',
        'ZeroDivisionError: division by zero',
        `2026-03-01 10:04:01,000 INFO engine.run: run ${OTHER} finished`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'worker.jsonl'),
      [
        JSON.stringify({ timestamp: '2026-03-01T10:02:00.000Z', level: 'warning', msg: 'slow node', scenario_id: SCEN.toUpperCase() }),
        JSON.stringify({ timestamp: '2026-03-01T10:02:30.000Z', level: 'info', msg: 'other run', run_id: OTHER }),
      ].join('\n'),
    );
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'engine.log.gz'), gzipSync(`2026-03-01T10:03:00Z DEBUG request ${REQ} fetched inputs\n`));
    const logs = await collectRunLogs(runLogQuery(run, 10), [new FileLogSource(['*.log', '*.jsonl', '**/*.gz'], dir)]);
    assert.deepEqual(
      logs.lines.map((l) => [l.timestamp, l.level, l.message.slice(0, 30), l.line, l.origin.slice(dir.length + 1)]),
      [
        ['2026-03-01T10:00:00.000Z', 'INFO', 'engine.run: run 3f2a1b4c-1111-', 2, 'engine.log'],
        ['2026-03-01T10:02:00.000Z', 'WARN', 'slow node', 1, 'worker.jsonl'],
        ['2026-03-01T10:03:00.000Z', 'DEBUG', 'request 9e2a1b4c-aaaa-2222-333', null, 'old/engine.log.gz'],
        ['2026-03-01T10:04:00.000Z', 'ERROR', 'engine.calc: node failed run_i', 4, 'engine.log'],
      ],
    );
    assert.equal(logs.lines[3].stack, 'Traceback (most recent call last):\n  File "/app/engine/calc.py", line 212, in evaluate\nZeroDivisionError: division by zero');
    assert.equal(logs.truncated, false);
    assert.equal(capMessage(logs), null);
    assert.deepEqual(Object.keys(logLineJson(logs.lines[0])), ['timestamp', 'level', 'source', 'message', 'stack']);
  });

  it('keeps records whole across 1 MiB chunk boundaries and counts lines across them', async () => {
    const filler = (i: number): string => `2026-03-01 10:01:00,000 INFO engine.run: run ${OTHER} step ${i} ${'x'.repeat(60)}`;
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) lines.push(filler(i)); // ~4.5 MB
    // Records with tracebacks spread so several straddle a chunk boundary.
    const at: number[] = [];
    for (let k = 1; k <= 40; k++) {
      const pos = k * 997;
      at.push(pos);
      lines.splice(pos, 0, `2026-03-01 10:02:00,000 ERROR engine.calc: failed ${k} run ${RUN}`, 'Traceback (most recent call last):', `  File "calc.py", line ${k}, in f`, `ValueError: bad ${k}`);
    }
    writeFileSync(join(dir, 'big.log'), `${lines.join('\n')}\n`);
    const logs = await collectRunLogs(runLogQuery(run, 10), [new FileLogSource([join(dir, 'big.log')], '/')]);
    assert.equal(logs.lines.length, 40);
    logs.lines.forEach((l, i) => {
      const k = Number(/failed (\d+)/.exec(l.message)![1]);
      assert.equal(l.stack, `Traceback (most recent call last):\n  File "calc.py", line ${k}, in f\nValueError: bad ${k}`, `record ${i}`);
      assert.equal(lines[l.line! - 1], `2026-03-01 10:02:00,000 ERROR engine.calc: failed ${k} run ${RUN}`);
    });
  });

  it('stops at the cap and says so', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `2026-03-01T10:01:${String(i).padStart(2, '0')}Z INFO run ${RUN} step ${i}`).join('\n');
    writeFileSync(join(dir, 'a.log'), body);
    writeFileSync(join(dir, 'b.log'), body);
    const logs = await collectRunLogs(runLogQuery(run, 10), [new FileLogSource(['*.log'], dir)], { cap: 70 });
    assert.equal(logs.lines.length, 70);
    assert.equal(logs.truncated, true);
    assert.match(capMessage(logs)!, /stopped at 70 matching lines/);
  });

  it('notes files it cannot read and globs matching nothing; cancels', async () => {
    writeFileSync(join(dir, 'bad.log.gz'), 'not gzip at all');
    const r = await new FileLogSource(['*.gz', 'none/*.log'], dir).search(runLogQuery(run, 10), {});
    assert.equal(r.lines.length, 0);
    assert.deepEqual(r.notes, [`${join(dir, 'bad.log.gz')}: not valid gzip data`]);
    const empty = await new FileLogSource(['none/*.log'], dir).search(runLogQuery(run, 10), {});
    assert.deepEqual(empty.notes, ['no log files match none/*.log']);
    writeFileSync(join(dir, 'a.log'), `2026-03-01T10:01:00Z INFO run ${RUN}\n`);
    const ac = new AbortController();
    ac.abort(new Error('cancelled by the user'));
    await assert.rejects(collectRunLogs(runLogQuery(run, 10), [new FileLogSource(['*.log'], dir)], { signal: ac.signal }), /cancelled by the user/);
  });

  it('expands globs: *, ?, **, {a,b}, [..], folders, skipping node_modules', async () => {
    for (const f of ['a.log', 'b.txt', 'sub/c.log', 'sub/deep/d.log', 'node_modules/x.log', 'sub/e1.log', 'sub/e2.log']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
    const rel = async (...p: string[]): Promise<string[]> => (await expandGlobs(p, dir)).files.map((f) => f.slice(dir.length + 1));
    assert.deepEqual(await rel('*.log'), ['a.log']);
    assert.deepEqual(await rel('**/*.log'), ['a.log', 'sub/c.log', 'sub/deep/d.log', 'sub/e1.log', 'sub/e2.log']);
    assert.deepEqual(await rel('sub/e?.log'), ['sub/e1.log', 'sub/e2.log']);
    assert.deepEqual(await rel('sub/e[!1].log', '*.{txt,nope}'), ['b.txt', 'sub/e2.log']);
    assert.deepEqual(await rel('sub'), ['sub/c.log', 'sub/deep/d.log', 'sub/e1.log', 'sub/e2.log']);
    assert.deepEqual(await rel('node_modules/*.log'), ['node_modules/x.log']);
    assert.equal(globToRegExp('**/*.log').test('x/y/z.log'), true);
    assert.equal(globToRegExp('*.log').test('x/z.log'), false);
  });

  describe('symbolic links', () => {
    // root/ is the configured folder; outside/ is a sibling it must not reach.
    let root: string;
    let outside: string;
    const record = (what: string): string => `2026-03-01T10:01:00Z ERROR run ${RUN} ${what}\n`;
    beforeEach(() => {
      root = join(dir, 'root');
      outside = join(dir, 'outside');
      for (const d of [join(root, 'sub'), join(outside, 'dir')]) mkdirSync(d, { recursive: true });
      writeFileSync(join(root, 'real.log'), record('inside the root'));
      writeFileSync(join(root, 'sub', 'inner.log'), record('in the sub folder'));
      writeFileSync(join(outside, 'secret.log'), record('SECRET outside the root'));
      writeFileSync(join(outside, 'dir', 'x.log'), record('SECRET in a folder outside'));
      symlinkSync(join(outside, 'secret.log'), join(root, 'leak.log')); // a file link out
      symlinkSync(join(outside, 'dir'), join(root, 'linkdir')); // a folder link out
      symlinkSync('../../outside/secret.log', join(root, 'sub', 'relative-leak.log')); // a relative link out
      symlinkSync(join(root, 'sub', 'inner.log'), join(root, 'alias.log')); // a file link within
      symlinkSync('sub', join(root, 'current')); // a folder link within
      symlinkSync('.', join(root, 'loop')); // a folder link to itself
    });
    const rel = async (...p: string[]): Promise<string[]> => (await expandGlobs(p, root)).files.map((f) => f.slice(root.length + 1));

    it('never follows a link (file or folder) whose real path is outside the pattern’s root, and says which', async () => {
      assert.deepEqual(await rel('*.log'), ['alias.log', 'real.log']);
      assert.deepEqual(await rel('**/*.log'), ['real.log', 'sub/inner.log']); // alias.log and current/ lead to sub/inner.log: searched once
      assert.deepEqual(await rel('linkdir/*.log', 'linkdir', 'leak.log', 'sub/*.log'), ['sub/inner.log']);
      assert.deepEqual(await rel('.'), ['real.log', 'sub/inner.log']);
      const r = await expandGlobs(['*.log', 'linkdir', 'sub/*.log'], root);
      assert.deepEqual(r.outside, [join(root, 'leak.log'), join(root, 'linkdir'), join(root, 'sub', 'relative-leak.log')]);
      // The root itself may be a link (the configured folder is what it names), but a
      // relative pattern’s root is the folder it is taken from.
      symlinkSync(root, join(dir, 'root-link'));
      assert.deepEqual((await expandGlobs([join(dir, 'root-link', '*.log')], '/')).files, [join(dir, 'root-link', 'alias.log'), join(dir, 'root-link', 'real.log')]);
      assert.deepEqual((await expandGlobs(['linkdir/x.log', 'leak.log'], root)).files, []);
    });

    it('follows links that stay inside the root, folders included, without looping', async () => {
      assert.deepEqual(await rel('current/*.log'), ['current/inner.log']);
      assert.deepEqual(await rel('loop/loop/real.log'), ['loop/loop/real.log']);
      assert.deepEqual(await rel('*/inner.log'), ['sub/inner.log']); // current/inner.log is the same file
      const all = await expandGlobs(['**'], root);
      assert.deepEqual(
        all.files.map((f) => realpathSync(f)).sort(),
        [join(root, 'real.log'), join(root, 'sub', 'inner.log')].map((f) => realpathSync(f)).sort(),
      );
    });

    it('a search reads nothing outside the root and notes the links it did not follow', async () => {
      const r = await new FileLogSource(['**/*.log', 'leak.log', 'linkdir'], root).search(runLogQuery(run, 10), {});
      const messages = r.lines.map((l) => l.message).sort();
      assert.equal(messages.length, 2);
      assert.ok(messages.every((m) => !m.includes('SECRET')), messages.join('\n'));
      assert.ok(messages.some((m) => m.includes('inside the root')) && messages.some((m) => m.includes('in the sub folder')));
      assert.deepEqual(r.notes, [
        `not read: 3 symbolic links lead outside the configured log folders (${join(root, 'leak.log')}, ${join(root, 'linkdir')}, ${join(root, 'sub', 'relative-leak.log')})`,
      ]);
    });
  });
});
