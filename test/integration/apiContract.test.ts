/**
 * The contract check itself (apiContract.ts): it must fail on each way an answer can break
 * the document, or the API tests that rely on it prove nothing. A small app built by buildApi
 * with routes that answer wrongly on purpose (no database involved).
 */
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import type { HealthReport } from '../../src/core/health';
import { checkedInject } from './apiContract';

const HEALTH: HealthReport = { status: 'ok', checks: [], success_rate: { window: 60, runs: 0, succeeded: 0, failed: 0, cancelled: 0, rate: null, since: null }, metrics: [] };
const Answer = Type.Object({ id: Type.String({ format: 'uuid' }), count: Type.Integer({ minimum: 0 }), at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }, { additionalProperties: false });
const GOOD = { id: '3f1c0000-0000-4000-8000-000000000000', count: 3, at: '2026-11-20T09:14:03.120Z' };

describe('the API contract check fails on every way an answer can break the document', () => {
  let app: FastifyInstance;
  let health: HealthReport | Record<string, unknown> = HEALTH;
  before(async () => {
    app = await buildApi({ engine: () => Promise.reject(new Error('not used')), reporting: null, health: async () => health as HealthReport, logSources: () => [], token: null });
    const bodies: Record<string, unknown> = {
      good: GOOD,
      extra: { ...GOOD, host: 'db.internal' },
      missing: { id: GOOD.id, count: 3 },
      mistyped: { ...GOOD, count: '3' },
      format: { ...GOOD, id: 'not-a-uuid' },
      time: { ...GOOD, at: '20 Nov 2026' },
      negative: { ...GOOD, count: -1 },
    };
    app.get<{ Params: { kind: string } }>('/contract/:kind', { schema: { operationId: 'contractProbe', tags: ['meta'], summary: 'answers wrongly on purpose', params: Type.Object({ kind: Type.String() }), response: { 200: Answer } } }, async (req, reply) => {
      if (req.params.kind === 'teapot') return reply.code(418).send({ statusCode: 418, error: 'I\'m a Teapot', message: 'no' });
      if (req.params.kind === 'text') return reply.code(200).type('text/plain').send('plain');
      if (req.params.kind === 'bad-error') return reply.code(404).send({ statusCode: 404, message: 'no error field' });
      if (req.params.kind === 'bug') throw new TypeError('a bug');
      return bodies[req.params.kind];
    });
  });
  after(() => app?.close());

  /** The assertion message checkedInject fails with, or null when it passes. */
  async function failure(url: string, expect?: number, method = 'GET'): Promise<string | null> {
    try {
      await checkedInject(app, { method, url, expect });
      return null;
    } catch (err) {
      assert.ok(err instanceof assert.AssertionError, String(err));
      return err.message;
    }
  }

  it('passes a good answer and documented errors', async () => {
    assert.equal(await failure('/contract/good', 200), null);
    assert.equal(await failure('/nothing/here', 404), null);
    assert.equal(await failure('/contract/good', 405, 'PUT'), null);
    assert.equal(await failure('/contract/good', 200, 'HEAD'), null);
  });

  it('fails on an extra, missing, mistyped or malformed field', async () => {
    assert.match((await failure('/contract/extra'))!, /must NOT have additional properties.*"additionalProperty":"host"/);
    assert.match((await failure('/contract/missing'))!, /must have required property 'at'/);
    assert.match((await failure('/contract/mistyped'))!, /\/count must be integer/);
    assert.match((await failure('/contract/format'))!, /\/id must match format "uuid"/);
    assert.match((await failure('/contract/time'))!, /\/at must match format "date-time"/);
    assert.match((await failure('/contract/negative'))!, /\/count must be >= 0/);
  });

  it('fails on an undocumented status, a body that is not JSON, an error not in the ApiError shape, an unexpected 500, another status than expected', async () => {
    assert.match((await failure('/contract/teapot'))!, /status 418 is not documented for GET \/contract\/\{kind\}/);
    assert.match((await failure('/contract/text'))!, /content-type text\/plain/);
    assert.match((await failure('/contract/bad-error'))!, /must have required property 'error'/);
    assert.match((await failure('/contract/bug'))!, /an unexpected 500/);
    assert.equal(await failure('/contract/bug', 500), null);
    assert.match((await failure('/contract/good', 404))!, /expected 404/);
  });

  it('HealthReport is open to added fields only: a new field passes, a missing or mistyped one fails', async () => {
    health = { ...HEALTH, freshness_minutes: 4 };
    assert.equal(await failure('/health', 200), null);
    health = { status: 'ok', checks: [] };
    assert.match((await failure('/health'))!, /must have required property 'success_rate'/);
    health = { ...HEALTH, status: 'fine' };
    assert.match((await failure('/health'))!, /\/status/);
  });
});
