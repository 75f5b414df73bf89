/**
 * Issue 22: each command loads on its own (src/cli/commands.ts). A fresh Node process runs
 * the command through src/cli/main.ts on unreachable servers, then lists the modules it
 * loaded: `etl` and `health` load neither Fastify and the HTTP API nor the AWS SDK; `serve`
 * does load Fastify (which shows the check sees it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs `clearsight-rca ARGV` from the sources in a fresh process: its exit code, stderr, and the files it loaded (ours relative to the repository; packages as node_modules/…, wherever that folder really is). */
function loadedBy(argv: string[]): { code: number; err: string; loaded: string[] } {
  const script = `
    const { main } = require('./src/cli/main');
    let err = '';
    main(JSON.parse(process.env.CLI_ARGV), { out: () => {}, err: (t) => (err += t + '\\n'), env: {} }).then((code) => {
      process.stdout.write(JSON.stringify({ code, err, loaded: Object.keys(require.cache) }));
    });`;
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CLI_ARGV: JSON.stringify(argv) },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { code: number; err: string; loaded: string[] };
  return { ...out, loaded: out.loaded.map((f) => (f.startsWith(`${ROOT}/src/`) ? f.slice(ROOT.length + 1) : f.replace(/^.*\/node_modules\//, 'node_modules/'))) };
}

const HEAVY = [/^node_modules\/fastify\//, /^node_modules\/@fastify\//, /^node_modules\/@aws-sdk\//, /^src\/api\//, /^src\/ops\/serve\.ts$/, /^src\/aws\//, /^src\/powerbi\//];
const heavyIn = (loaded: string[]): string[] => loaded.filter((f) => HEAVY.some((h) => h.test(f)));

// Nothing listens on port 1: the command runs up to its first query and fails there (exit 2).
const PROD = 'postgres://u@127.0.0.1:1/prod';
const REPORTING = 'postgres://u@127.0.0.1:1/reporting';

describe('CLI: commands load lazily (issue 22)', function () {
  this.timeout(60_000);

  it('etl loads the ETL, not Fastify, the API, the AWS SDK or the Power BI project', () => {
    const r = loadedBy(['etl', '--full', '--prod', PROD, '--reporting', REPORTING]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /cannot connect to 127\.0\.0\.1:1/);
    assert.ok(r.loaded.includes('src/etl/etl.ts') && r.loaded.includes('src/cli/commands/etl.ts'), 'the ETL ran');
    assert.ok(!r.loaded.includes('src/cli/commands/serve.ts'));
    assert.ok(r.loaded.some((f) => f.startsWith('node_modules/pg/')), 'the driver ran');
    assert.deepEqual(heavyIn(r.loaded), []);
  });

  it('health (--reporting alone) loads the health checks only', () => {
    const r = loadedBy(['health', '--reporting', REPORTING]);
    assert.equal(r.code, 2, r.err);
    assert.ok(r.loaded.includes('src/ops/health.ts'), 'the health checks ran');
    assert.ok(!r.loaded.includes('src/etl/etl.ts'));
    assert.deepEqual(heavyIn(r.loaded), []);
  });

  it('serve does load Fastify and the API (the check above would see them)', () => {
    // Off the loopback without a token: refused by the API's own rule, before connecting.
    const r = loadedBy(['serve', '--host', '0.0.0.0', '--prod', PROD, '--reporting', REPORTING]);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.loaded.some((f) => f.startsWith('node_modules/fastify/')), 'fastify loaded');
    assert.ok(r.loaded.some((f) => f.startsWith('node_modules/pg/')), 'pg loaded');
    assert.ok(r.loaded.includes('src/api/server.ts'));
  });
});
