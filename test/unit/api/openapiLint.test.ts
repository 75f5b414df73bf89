/**
 * The OpenAPI document the API serves passes `redocly lint` with the rules of redocly.yaml
 * (issue 24): zero errors, zero warnings but the ones listed below. Both forms are linted:
 * with a token (the bearer scheme on every operation) and without one. The document is
 * built by buildApi itself, so every route registered there (the /rca routes included) is in it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildApi } from '../../../src/api/server';
import type { HealthReport } from '../../../src/core/health';

const ROOT = join(__dirname, '..', '..', '..');
const REDOCLY = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
const HEALTH: HealthReport = { status: 'ok', checks: [], success_rate: { window: 60, runs: 0, succeeded: 0, failed: 0, cancelled: 0, rate: null, since: null }, metrics: [] };
/** Warnings accepted (redocly.yaml says why): an operation without a description (its summary says it). */
const ACCEPTED_WARNINGS = new Set(['operation-description']);

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

async function documentOf(token: string | null): Promise<unknown> {
  const app = await buildApi({ engine: () => Promise.reject(new Error('not used')), reporting: null, health: async () => HEALTH, logSources: () => [], token });
  try {
    const r = await app.inject({ method: 'GET', url: '/openapi.json', headers: token ? { authorization: `Bearer ${token}` } : {} });
    assert.equal(r.statusCode, 200);
    return r.json();
  } finally {
    await app.close();
  }
}

describe('the OpenAPI document passes redocly lint (redocly.yaml)', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => (dir = mkdtempSync(join(tmpdir(), 'clearsight-openapi-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const token of ['a-long-enough-secret-token', null]) {
    it(`${token ? 'with' : 'without'} a token: no problem`, async () => {
      const file = join(dir, `openapi-${token ? 'token' : 'open'}.json`);
      writeFileSync(file, JSON.stringify(await documentOf(token), null, 2));
      const r = spawnSync(process.execPath, [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 16 * 1024 * 1024,
      });
      const json = r.stdout.slice(r.stdout.indexOf('{'));
      assert.ok(json, `redocly printed no report (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
      const problems = (JSON.parse(json) as { problems: Problem[] }).problems.filter((p) => p.severity === 'error' || !ACCEPTED_WARNINGS.has(p.ruleId));
      assert.deepEqual(problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`), []);
      assert.equal(r.status, 0, r.stderr.slice(0, 2000));
    });
  }

  it('the lint finds what it should: a document without operationIds or with an unknown $ref fails', async () => {
    const doc = (await documentOf(null)) as { paths: Record<string, { get: Record<string, unknown> }> };
    delete doc.paths['/health'].get.operationId;
    (doc.paths['/openapi.json'].get.responses as Record<string, unknown>)['418'] = { description: 'teapot', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nothing' } } } };
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = spawnSync(process.execPath, [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    const rules = new Set((JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { problems: Problem[] }).problems.map((p) => p.ruleId));
    assert.ok(rules.has('operation-operationId') && rules.has('no-unresolved-refs'), [...rules].join(', '));
    assert.notEqual(r.status, 0);
  });
});
