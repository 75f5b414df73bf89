import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDemo, ensureDemoSeed } from '../../src/demo/demoDb';
import { CACHE_DIR } from './setup';

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
});
