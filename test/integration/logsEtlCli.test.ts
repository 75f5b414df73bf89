/**
 * The log load through the command line (dist/cli.js): `etl --logs-path …` loads the records
 * and says so; `logs RUN_ID` then reads them from the reporting schema and says which
 * (stderr, also with --json), `--live` searches the files; a bad source is a warning on a
 * successful run; `--cloudwatch-days` without a log group is bad input.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureDemoSeed } from '../../src/demo/demoDb';
import { CACHE_DIR, demo, ON_SERVER, ROOT, seededDbs, type TestDbs } from './setup';

const CLI = join(ROOT, 'dist', 'cli.js');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('etl --logs-path and logs RUN_ID (the command line)', function () {
  this.timeout(300_000);
  let dbs: TestDbs | undefined;
  let demoDir = '';
  let dir = '';
  let conn: string[] = [];

  before(async () => {
    assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
    dir = mkdtempSync(join(tmpdir(), 'clearsight-logs-cli-'));
    if (ON_SERVER) {
      dbs = await seededDbs();
      conn = ['--prod', dbs.url, '--reporting', dbs.reportingUrl];
    } else {
      demoDir = mkdtempSync(join(tmpdir(), 'clearsight-logs-cli-demo-'));
      const seed = await ensureDemoSeed(CACHE_DIR);
      copyFileSync(seed, join(demoDir, basename(seed)));
      conn = ['--demo'];
    }
  });
  after(async () => {
    await dbs?.close();
    for (const d of [demoDir, dir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  function run(args: string[]): Result {
    const env: NodeJS.ProcessEnv = { ...process.env, CLEARSIGHT_DEMO_DIR: demoDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    delete env.CLEARSIGHT_PROD_URL;
    delete env.CLEARSIGHT_REPORTING_URL;
    delete env.CLEARSIGHT_LOGS_PATHS;
    const r = spawnSync(process.execPath, [CLI, ...args, ...conn], { encoding: 'utf8', env, timeout: 240_000, maxBuffer: 64 << 20 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('loads, reads back from the reporting schema (saying so), and warns about a bad source', () => {
    const story = demo().stories.byId['division-by-zero'];
    const runRow = demo().runs.find((r) => r.id === story.failed_run_id)!;
    const t = (ms: number): string => new Date(Date.parse(runRow.run_at) + ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    const file = join(dir, 'engine.log');
    writeFileSync(
      file,
      `${t(1000)} INFO [engine.run] run ${story.failed_run_id} picked up by the test\n${t(2000)} ERROR [engine.calc] run=${story.failed_run_id} failed in the test\nTraceback (most recent call last):\nZeroDivisionError: division by zero\n`,
    );
    writeFileSync(join(dir, 'bad.log.gz'), 'not gzip\n');

    const etl = run(['etl', '--full', '--logs-path', file, '--logs-path', join(dir, 'bad.log.gz'), '--json']);
    assert.equal(etl.code, 0, etl.stderr);
    const out = JSON.parse(etl.stdout) as { loaded: Record<string, number>; warnings: string[]; logs: { read: number; loaded: number } };
    assert.equal(out.loaded.fact_cloudwatch_log, 2);
    assert.deepEqual([out.logs.read, out.logs.loaded], [2, 2]);
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0], /^logs: .*bad\.log\.gz: not valid gzip data$/);

    // The files source is loaded up to now (the bad file made that kind incomplete: a clean load first).
    const again = run(['etl', '--logs-path', file, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { logs: { loaded: number } }).logs.loaded, 0, 'a rerun adds nothing');

    const stored = run(['logs', story.failed_run_id, '--logs-path', file, '--json']);
    assert.equal(stored.code, 0, stored.stderr);
    assert.match(stored.stderr, /^clearsight-rca: logs from the reporting schema, loaded at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(files\)$/m);
    const live = run(['logs', story.failed_run_id, '--logs-path', file, '--json', '--live']);
    assert.equal(live.code, 0, live.stderr);
    assert.match(live.stderr, /^clearsight-rca: logs live from files .*engine\.log$/m);
    assert.equal(stored.stdout, live.stdout, 'the same lines, byte for byte');
    const lines = JSON.parse(stored.stdout) as Array<{ level: string; message: string; stack: string | null }>;
    assert.deepEqual(
      lines.map((l) => [l.level, l.message, l.stack]),
      [
        ['INFO', `[engine.run] run ${story.failed_run_id} picked up by the test`, null],
        ['ERROR', `[engine.calc] run=${story.failed_run_id} failed in the test`, 'Traceback (most recent call last):\nZeroDivisionError: division by zero'],
      ],
    );
    // No source named: the reporting schema still answers (on the demo its own logs are the default source instead).
    if (ON_SERVER) {
      const none = run(['logs', story.failed_run_id, '--json']);
      assert.equal(none.code, 0, none.stderr);
      assert.equal(none.stdout, stored.stdout);
    }
  });

  it('--cloudwatch-days: bad input without a log group or with a bad number (one line, exit 1)', () => {
    for (const [args, message] of [
      [['etl', '--cloudwatch-days', '3'], /--cloudwatch-days: no CloudWatch log group to load/],
      [['etl', '--cloudwatch-days', 'x'], /--cloudwatch-days: expected a whole number from 1 to 3650, got 'x'/],
    ] as Array<[string[], RegExp]>) {
      const r = run(args);
      assert.equal(r.code, 1, r.stderr);
      const last = r.stderr.trim().split('\n').at(-1)!;
      assert.match(last, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
});
