import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi, requireTokenOffLoopback } from '../../src/api/server';
import { ensureDemoSeed } from '../../src/demo/demoDb';
import { Engine } from '../../src/engine/engine';
import { runEtl } from '../../src/etl/etl';
import { checkHealth } from '../../src/ops/health';
import { CACHE_DIR, ON_SERVER, ROOT, demo, seededDbs, type TestDbs } from './setup';

const CLI = join(ROOT, 'dist', 'cli.js');
const UNKNOWN = '3f1c0000-0000-4000-8000-000000000000';

describe('HTTP API (read-only, same engine and shapes as the command)', function () {
  let dbs: TestDbs;
  let app: FastifyInstance;
  let demoDir = '';
  let conn: string[] = [];
  before(async () => {
    dbs = await seededDbs();
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    app = await buildApi({
      engine: () => Engine.create(dbs.prod, dbs.reporting, 'auto'),
      reporting: dbs.reporting,
      health: () => checkHealth(dbs.reporting),
      logSources: () => [],
      token: null,
    });
    // The command on the same data, for the shapes: the server database, or a demo copy loaded the same way.
    if (ON_SERVER) conn = ['--prod', dbs.url, '--reporting', dbs.reportingUrl];
    else {
      demoDir = mkdtempSync(join(tmpdir(), 'clearsight-api-'));
      const seed = await ensureDemoSeed(CACHE_DIR);
      copyFileSync(seed, join(demoDir, basename(seed)));
      conn = ['--demo'];
      assert.equal(cli(['etl', '--full']).code, 0);
    }
  });
  after(async () => {
    await app?.close();
    await dbs?.close();
    if (demoDir) rmSync(demoDir, { recursive: true, force: true });
  });

  function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args, ...conn, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, CLEARSIGHT_DEMO_DIR: demoDir, CLEARSIGHT_PROD_URL: '', CLEARSIGHT_REPORTING_URL: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const cliJson = (args: string[]): unknown => {
    const r = cli(args);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const r = await app.inject({ method: 'GET', url, headers });
    return { status: r.statusCode, body: r.json() as any };
  };
  const story = () => demo().stories.list[0];

  it('GET /scenarios/{id}/timeline equals `timeline --json`', async () => {
    const r = await get(`/scenarios/${story().scenario_id}/timeline`);
    assert.equal(r.status, 200);
    assert.ok(r.body.length > 10);
    assert.deepEqual(r.body, cliJson(['timeline', story().scenario_id]));
  });

  it('GET /scenarios/{id}/lifecycle: the lifecycle steps of the timeline, as the source has them', async () => {
    const s = demo().scenarios.find((x) => x.id === story().scenario_id)!;
    const r = await get(`/scenarios/${s.id}/lifecycle`);
    assert.equal(r.status, 200);
    const steps = [s.created_at, s.updated_at, s.submitted_at, s.locked_at].filter(Boolean).length;
    assert.equal(r.body.length, steps);
    const timeline = cliJson(['timeline', s.id]) as Array<{ event_type: string }>;
    assert.deepEqual(r.body, timeline.filter((e) => e.event_type.startsWith('SCENARIO_')));
  });

  it('GET /scenarios/{id}/comparison equals `diff --scenario --json` (last success vs first failure)', async () => {
    const r = await get(`/scenarios/${story().scenario_id}/comparison`);
    assert.equal(r.status, 200);
    assert.equal(r.body.run_a.run_id, story().last_success_run_id);
    assert.equal(r.body.run_b.run_id, story().failed_run_id);
    assert.equal(r.body.changed[0].node_id, story().culprit_node_id, 'the culprit ranks first');
    assert.deepEqual([r.body.confidence, r.body.verdict.kind, r.body.verdict.node_id], ['strong', 'input', story().culprit_node_id]);
    assert.match(r.body.verdict.summary, /^Likely cause: /);
    assert.deepEqual(r.body, cliJson(['diff', '--scenario', story().scenario_id]));
  });

  it('GET /errors/top equals `signatures --json` (with categories); since/until narrow it', async () => {
    const all = await get('/errors/top?limit=1000');
    assert.equal(all.status, 200);
    assert.deepEqual(cliJson(['signatures']), all.body);
    const failed = demo().runs.filter((x) => x.run_status === 'failed' || x.run_status === 'timeout');
    assert.equal(all.body.reduce((n: number, s: { count: number }) => n + s.count, 0), failed.filter((x) => x.fail_reason).length);
    assert.ok(all.body.every((s: { category: string | null }) => typeof s.category === 'string'));
    const since = '2026-11-10T00:00:00Z';
    const until = '2026-11-15T00:00:00Z';
    const some = await get(`/errors/top?since=${since}&until=${until}&limit=1000`);
    const inRange = failed.filter((x) => x.fail_reason && x.run_at >= since.replace('Z', '') && Date.parse(`${x.run_at.replace('Z', '')}Z`) <= Date.parse(until));
    assert.ok(inRange.length > 0 && inRange.length < failed.length);
    assert.equal(some.body.reduce((n: number, s: { count: number }) => n + s.count, 0), inRange.length);
    assert.equal((await get('/errors/top?limit=1')).body.length, 1);
    const bad = await get('/errors/top?since=yesterday');
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /since/);
  });

  it('GET /scenarios/{id}/errors: the scenario\'s failed runs by signature', async () => {
    const id = story().scenario_id;
    const r = await get(`/scenarios/${id}/errors`);
    assert.equal(r.status, 200);
    const failed = demo().runs.filter((x) => x.scenario_id === id && (x.run_status === 'failed' || x.run_status === 'timeout'));
    assert.equal(r.body.failed_runs, failed.length);
    assert.deepEqual(r.body.signatures.flatMap((s: { run_ids: string[] }) => s.run_ids).sort(), failed.filter((x) => x.fail_reason).map((x) => x.id).sort());
  });

  it('GET /runs/{id}/diagnostics: the run, its failed nodes and category', async () => {
    const r = await get(`/runs/${story().failed_run_id}/diagnostics`);
    assert.equal(r.status, 200);
    assert.equal(r.body.run.run_id, story().failed_run_id);
    assert.equal(r.body.run.fail_reason, story().fail_reason);
    assert.equal(typeof r.body.category.category, 'string');
    assert.deepEqual(Object.keys(r.body).sort(), ['category', 'confidence', 'failed_nodes', 'first_error', 'logs', 'run', 'verdict']);
    // The verdict is explain's, said to stand on the database alone (no log source here).
    const x = cliJson(['explain', story().failed_run_id]) as { confidence: string; verdict: { node_id: string | null } };
    assert.deepEqual([r.body.confidence, r.body.verdict], [x.confidence, x.verdict]);
    assert.deepEqual([x.confidence, x.verdict.node_id], ['strong', story().culprit_node_id]);
    assert.match(r.body.verdict.summary, /judged on the database alone, no logs read/);
    const ok = await get(`/runs/${story().last_success_run_id}/diagnostics`);
    assert.deepEqual([ok.body.confidence, ok.body.verdict.kind, ok.body.verdict.node_id], ['none', 'unknown', null]);
  });

  it('GET /users/{id}/journey: the user\'s sessions; unknown user 404, bad id 400', async () => {
    const user = demo().runs[0].run_by!;
    const r = await get(`/users/${encodeURIComponent(user)}/journey?days=365`);
    assert.equal(r.status, 200);
    assert.equal(r.body.user.user_id, user);
    const runsStarted = demo().runs.filter((x) => x.run_by === user).length;
    const started = r.body.sessions.flatMap((s: { actions: Array<{ event_type: string }> }) => s.actions).filter((a: { event_type: string }) => a.event_type === 'RUN_STARTED').length;
    assert.equal(started, runsStarted);
    assert.equal((await get('/users/nobody.here/journey')).status, 404);
    const bad = await get('/users/a%20b/journey');
    assert.equal(bad.status, 400);
  });

  it('bad ids → 400, unknown ids → 404, each with one message', async () => {
    for (const url of ['/scenarios/not-a-uuid/timeline', '/scenarios/xyz/comparison', '/runs/123/diagnostics', '/scenarios/zz/errors', '/scenarios/1/lifecycle']) {
      const r = await get(url);
      assert.equal(r.status, 400, url);
      assert.deepEqual(Object.keys(r.body).sort(), ['error', 'message', 'statusCode']);
      assert.match(r.body.message, /^id is not a UUID$/);
    }
    for (const url of [`/scenarios/${UNKNOWN}/timeline`, `/scenarios/${UNKNOWN}/comparison`, `/runs/${UNKNOWN}/diagnostics`, `/scenarios/${UNKNOWN}/errors`]) {
      const r = await get(url);
      assert.equal(r.status, 404, url);
      // Issue 20 item 6: the id alone, never the server it was looked up on.
      assert.deepEqual(r.body, { statusCode: 404, error: 'Not Found', message: `unknown ${url.startsWith('/runs/') ? 'run' : 'scenario'} id ${UNKNOWN}` });
      for (const db of [dbs.prod, dbs.reporting]) assert.ok(!r.body.message.includes(db.label), `${url} names ${db.label}`);
    }
    const nobody = await get('/users/nobody.here/journey');
    assert.deepEqual(nobody.body, { statusCode: 404, error: 'Not Found', message: "unknown user 'nobody.here'" });
    const route = await get('/nothing/here');
    assert.equal(route.status, 404);
    assert.equal(route.body.message, 'no such route: GET /nothing/here');
    const post = await app.inject({ method: 'POST', url: '/health', payload: { x: 'y'.repeat(20_000) } });
    assert.ok(post.statusCode === 404 || post.statusCode === 413, String(post.statusCode));
  });

  it('GET /health: the verdict (200 when ok); GET /openapi.json documents every route', async () => {
    const h = await get('/health');
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    assert.equal(h.body.checks.length, 4);
    assert.deepEqual([h.body.success_rate.window, h.body.success_rate.failed, h.body.success_rate.rate], [60, 0, 1], 'the success rate is served too');
    const doc = await get('/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.0.3');
    assert.deepEqual(Object.keys(doc.body.paths).sort(), [
      '/errors/top',
      '/health',
      '/rca/errors/top-categories',
      '/rca/run/{id}/diagnostics',
      '/rca/scenario/{id}/audit-trail',
      '/rca/scenario/{id}/error-summary',
      '/rca/scenario/{id}/run-comparison',
      '/rca/scenario/{id}/state-changes',
      '/rca/user/{id}/journey',
      '/runs/{id}/diagnostics',
      '/scenarios/{id}/comparison',
      '/scenarios/{id}/errors',
      '/scenarios/{id}/lifecycle',
      '/scenarios/{id}/timeline',
      '/users/{id}/journey',
    ]);
    assert.equal(doc.body.paths['/scenarios/{id}/timeline'].get.parameters[0].schema.format, 'uuid');
  });

  it('a bearer token when configured (required off the loopback); a rate limit per client', async () => {
    assert.throws(() => requireTokenOffLoopback('0.0.0.0', null), /needs a bearer token/);
    assert.doesNotThrow(() => requireTokenOffLoopback('127.0.0.1', null));
    const token = 'a-long-enough-secret-token';
    const guarded = await buildApi({ engine: () => Engine.create(dbs.prod, dbs.reporting), reporting: dbs.reporting, health: () => checkHealth(dbs.reporting), logSources: () => [], token, rateLimitPerMinute: 5 });
    try {
      const url = `/scenarios/${story().scenario_id}/lifecycle`;
      const none = await guarded.inject({ method: 'GET', url });
      assert.equal(none.statusCode, 401);
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      assert.equal((await guarded.inject({ method: 'GET', url, headers: { authorization: 'Bearer wrong-token-of-some-length' } })).statusCode, 401);
      assert.equal((await guarded.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
      // The two refused requests count against the limit of 5 as well.
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await guarded.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).statusCode);
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await guarded.close();
    }
  });
});
