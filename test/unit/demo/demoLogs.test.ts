import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { generateDemo } from '../../../src/demo/generator';
import { demoLogFiles } from '../../../src/demo/logs';
import { parseLogText } from '../../../src/logs/parse';

describe('demo engine logs', function () {
  this.timeout(30_000);
  const data = generateDemo();
  const files = demoLogFiles(data);
  const text = (p: string): string => {
    const f = files.find((x) => x.path === p || x.path.startsWith(p))!;
    return (f.path.endsWith('.gz') ? gunzipSync(f.content) : f.content).toString('utf8');
  };

  it('is deterministic: the same files from the same demo data', () => {
    const again = demoLogFiles(generateDemo());
    assert.deepEqual(
      again.map((f) => [f.path, f.content.length]),
      files.map((f) => [f.path, f.content.length]),
    );
    assert.ok(again.every((f, i) => f.content.equals(files[i].content)));
  });

  it('has an engine log, worker JSON lines and a gzip archive, all parseable', () => {
    assert.deepEqual(files.map((f) => f.path.replace(/\d{4}-\d\d-\d\d/, 'DATE')), ['engine.log', 'worker.jsonl', 'archive/engine-before-DATE.log.gz']);
    for (const p of ['engine.log', 'worker.jsonl', 'archive/']) {
      const entries = parseLogText(text(p).trimEnd());
      assert.ok(entries.length > 100, `${p}: ${entries.length}`);
      assert.ok(entries.every((e) => e.timestamp !== null && e.level !== null), p);
    }
  });

  it('names every failed run with an ERROR line carrying its fail reason; the division-by-zero story has its Python traceback', () => {
    const all = [...parseLogText(text('engine.log').trimEnd()), ...parseLogText(text('archive/').trimEnd())];
    const failed = data.runs.filter((r) => r.run_status === 'failed' || r.run_status === 'timeout');
    assert.ok(failed.length >= 5);
    // A multi-line reason (psycopg2's OperationalError) continues on lines of its own, which
    // the parser keeps as the record's stack: its first line is in the message, the rest after.
    assert.ok(failed.some((r) => r.fail_reason!.includes('\n')), 'a multi-line fail reason among the failures');
    for (const r of failed) {
      const [first, ...rest] = r.fail_reason!.split('\n');
      assert.ok(
        all.some((e) => e.level === 'ERROR' && e.ids.includes(r.id) && e.message.includes(first!) && rest.every((l) => (e.stack ?? '').split('\n').includes(l))),
        `run ${r.id} (${r.fail_reason})`,
      );
    }
    const story = data.stories.byId['division-by-zero'];
    const tb = all.find((e) => e.ids.includes(story.failed_run_id) && e.stack?.startsWith('Traceback (most recent call last):'));
    assert.ok(tb, 'traceback of the division-by-zero story');
    assert.equal(tb.stack!.split('\n').at(-1), story.fail_reason);
    assert.match(tb.stack!, /ZeroDivisionError/);
    // Request and scenario ids are in the lines too (a run is found by any of them).
    assert.ok(all.some((e) => e.ids.includes(data.runs.find((r) => r.id === story.failed_run_id)!.run_req_id!)));
  });
});
