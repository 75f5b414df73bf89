import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEMO_OPENING_STORIES } from '../../src/cli/commands/demo';
import { openDemo, ensureDemoSeed } from '../../src/demo/demoDb';
import { CACHE_DIR, ROOT, demo } from './setup';

/** The environment without connection variables (unset, not empty: an empty one is bad input). */
function withoutConnectionVariables(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CLEARSIGHT_PROD_URL;
  delete env.CLEARSIGHT_REPORTING_URL;
  return env;
}

describe('the demo database', () => {
  let seed = '';
  const dirs: string[] = [];
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'clearsight-demo-'));
    dirs.push(d);
    return d;
  };
  before(async () => {
    seed = await ensureDemoSeed(CACHE_DIR);
  });
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('opens from a packaged seed into a storage folder that does not exist yet, and keeps its data', async () => {
    const packaged = tempDir();
    copyFileSync(seed, join(packaged, basename(seed)));
    const storage = join(tempDir(), 'globalStorage', 'demo');
    assert.equal(existsSync(storage), false);
    const db = await openDemo({ dir: storage, seedDir: packaged });
    try {
      await db.exec('CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)');
    } finally {
      await db.close();
    }
    assert.ok(!readdirSync(storage).some((f) => f.endsWith('.tgz')), 'the packaged seed is used in place, not copied');
    const again = await openDemo({ dir: storage, seedDir: packaged });
    try {
      const [r] = await again.query<{ x: number }>('SELECT x FROM kept');
      assert.equal(r.x, 7, 'the persistent data directory is reused');
      const [n] = await again.query<{ n: number }>('SELECT count(*) AS n FROM fc_scenario');
      assert.ok(n.n >= 12);
    } finally {
      await again.close();
    }
  });

  it('refuses a data directory held by another live process, and takes over a stale lock', async () => {
    const dir = tempDir();
    copyFileSync(seed, join(dir, basename(seed)));
    const lock = join(dir, basename(seed).replace(/^seed-(\w+)-\d+\.tgz$/, 'pgdata-$1.lock'));
    writeFileSync(lock, String(process.ppid)); // a live process that is not us
    await assert.rejects(openDemo({ dir }), /in use by another process/);
    writeFileSync(lock, '999999999'); // no such process: a stale lock
    const db = await openDemo({ dir });
    await db.close();
    assert.equal(existsSync(lock), false, 'the lock is released on close');
  });

  describe('npm run demo (the CLI demo command) and the platform stories', function () {
    this.timeout(240_000);
    let dir = '';
    const cli = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
        encoding: 'utf8',
        env: { ...withoutConnectionVariables(), CLEARSIGHT_DEMO_DIR: dir },
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    before(function () {
      if (!existsSync(join(ROOT, 'dist', 'cli.js'))) this.skip(); // pending: dist/cli.js is not built (npm run build)
      dir = tempDir();
      copyFileSync(seed, join(dir, basename(seed)));
    });

    it('opens a failure story the ranking explains (not the most recent failure): "Likely cause" names its culprit, and lists how to open the others', () => {
      const r = cli(['demo']);
      assert.equal(r.code, 0, r.stderr);
      const stories = demo().stories;
      const opened = stories.byId[DEMO_OPENING_STORIES[0]];
      assert.ok(r.stdout.includes(`## Failure story: ${opened.title}`), r.stdout.slice(0, 3000));
      assert.ok(r.stdout.includes(`# RCA: ${opened.scenario_name} — run ${opened.failed_run_id.slice(0, 8)} failed`));
      const verdict = r.stdout.slice(r.stdout.indexOf('## Verdict'), r.stdout.indexOf('## What changed'));
      assert.match(verdict, new RegExp(`^Likely cause: \`${opened.culprit_node_name}\` changed`, 'm'));
      assert.match(verdict, /_Confidence: strong\._/);
      // Every other story (those no input caused too) with the command that opens it.
      const others = r.stdout.slice(r.stdout.indexOf('## The other failure stories'));
      const expected = [...stories.list.filter((s) => s.id !== opened.id), ...stories.platform];
      assert.ok(others.startsWith(`## The other failure stories (${expected.length})`), others.slice(0, 200));
      for (const s of expected) assert.ok(others.includes(`clearsight-rca report ${s.failed_run_id} --demo`), `${s.id} is listed`);
    });

    it("the platform stories' notes blame no input: not an input, with the OOM kill / the rerun on the same inputs and a log line as evidence", () => {
      const [oom, rerun] = demo().stories.platform;
      for (const p of [oom, rerun]) {
        const r = cli(['report', p.failed_run_id, '--demo']);
        assert.equal(r.code, 0, r.stderr);
        const verdict = r.stdout.slice(r.stdout.indexOf('## Verdict'), r.stdout.indexOf('## What changed'));
        assert.match(verdict, /^Not an input: the failure looks like /m, verdict);
        assert.doesNotMatch(verdict, /Likely cause|Possible causes/);
        assert.match(verdict, /none blamed/);
        assert.match(verdict, /the log line `/);
        assert.match(verdict, /judged on the database and the run's logs/);
      }
      const oomNote = cli(['report', oom.failed_run_id, '--demo']).stdout;
      assert.match(oomNote, /out-of-memory/);
      const rerunNote = cli(['report', rerun.failed_run_id, '--demo']).stdout;
      assert.ok(rerunNote.includes(`a later run with the same inputs succeeded (run \`${rerun.rerun_run_id!.slice(0, 8)}\``), rerunNote.slice(0, 3000));
    });
  });
});
