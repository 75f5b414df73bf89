/**
 * The HTTP API on real data (PGlite or PostgreSQL): its document, its methods, its
 * parameters and the cases of issue 24, every answer checked against the served OpenAPI
 * document (apiContract.ts). The /rca routes' own answers are tested in rca*.test.ts; the
 * issue-24 cases that live on them run here once they exist (pending before, with why).
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import { Engine } from '../../src/engine/engine';
import { runEtl } from '../../src/etl/etl';
import { checkHealth } from '../../src/ops/health';
import { checkedInject, contractOf, type OpenApiDocument } from './apiContract';
import { addProbeRoutes } from './apiProbe';
import { ON_SERVER, demo, seededDbs, type TestDbs } from './setup';

const UNKNOWN = '3f1c0000-0000-4000-8000-000000000000';
/** The routes before the design's /rca paths replaced them (issue 23): gone, so 404. */
const OLD_ROUTES = ['/scenarios/{s}/timeline', '/scenarios/{s}/lifecycle', '/scenarios/{s}/comparison', '/scenarios/{s}/errors', '/runs/{r}/diagnostics', '/errors/top', '/users/{u}/journey'];
const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'QUERY', 'PROPFIND', 'PURGE'];
type Schema = Record<string, unknown>;

/** Objects of a schema (through $ref, anyOf, items, properties) that are open or leave a property optional. */
function looseObjects(doc: OpenApiDocument, schema: Schema, where: string, seen = new Set<string>()): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    return looseObjects(doc, doc.components!.schemas![name], `${where} → ${name}`, seen);
  }
  const out: string[] = [];
  const props = schema.properties as Record<string, Schema> | undefined;
  if (schema.type === 'object' && props) {
    if (schema.additionalProperties !== false) out.push(`${where}: additionalProperties is not false`);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const p of Object.keys(props)) if (!required.has(p)) out.push(`${where}.${p}: not required`);
  }
  for (const [k, v] of Object.entries(props ?? {})) out.push(...looseObjects(doc, v, `${where}.${k}`, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const [i, v] of ((schema[key] as Schema[] | undefined) ?? []).entries()) out.push(...looseObjects(doc, v, `${where}|${i}`, seen));
  if (schema.items && typeof schema.items === 'object') out.push(...looseObjects(doc, schema.items as Schema, `${where}[]`, seen));
  return out;
}

describe('HTTP API: the contract it keeps (issue 24), on real data', function () {
  let dbs: TestDbs;
  let app: FastifyInstance;
  let engine: () => Promise<Engine>;
  before(async () => {
    dbs = await seededDbs();
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    engine = () => Engine.create(dbs.prod, dbs.reporting, 'auto');
    app = await buildApi({ engine, reporting: dbs.reporting, health: () => checkHealth(dbs.reporting), logSources: () => [], token: null });
    addProbeRoutes(app, { engine, reporting: dbs.reporting });
  });
  after(async () => {
    await app?.close();
    await dbs?.close();
  });

  const get = (url: string, expect?: number) => checkedInject(app, { url, expect });
  const story = () => demo().stories.list[0];
  const doc = async () => (await contractOf(app)).doc;
  /** Skips the test (pending, with why) while the route is not registered. */
  async function requireRoute(ctx: Mocha.Context, template: string): Promise<void> {
    if (!(await doc()).paths[template]) {
      console.log(`      pending: GET ${template} is not registered yet (src/api/rcaRoutes.ts)`);
      ctx.skip();
    }
  }

  it('GET /health: the verdict of checkHealth, in the documented shape; HEAD answers it without a body', async () => {
    const h = await get('/health', 200);
    const expected = await checkHealth(dbs.reporting);
    assert.equal(h.json().status, 'ok');
    assert.deepEqual(h.json().checks.map((c: { name: string }) => c.name), expected.checks.map((c) => c.name));
    assert.deepEqual([h.json().success_rate.window, h.json().success_rate.failed, h.json().success_rate.rate], [60, 0, 1]);
    const head = await checkedInject(app, { method: 'HEAD', url: '/health', expect: 200 });
    assert.equal(head.body, '');
  });

  it('the document: 3.1, servers, every operation with an operationId, a tag, a summary and its statuses (issue 24: /health documents 401, 421, 429)', async () => {
    const d = await doc();
    assert.equal(d.openapi, '3.1.0');
    // What /openapi.json serves is the document the contract checks use, with its servers.
    const served = (await get('/openapi.json', 200)).json();
    assert.deepEqual(served, { ...d, servers: [{ url: '/', description: 'this document\'s own origin' }] });
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(d.paths)) {
      assert.deepEqual(Object.keys(item), ['get'], `${path}: GET only`);
      const op = item.get as unknown as { operationId: string; tags: string[]; summary: string; responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
      assert.match(op.operationId, /^[a-z][A-Za-z]+$/, path);
      assert.ok(!ids.has(op.operationId), `${path}: operationId ${op.operationId} twice`);
      ids.add(op.operationId);
      assert.equal(op.tags.length, 1, path);
      assert.ok(op.summary, path);
      for (const status of ['200', '401', '421', '429', '500']) assert.ok(op.responses[status], `${path} documents ${status}`);
      for (const [status, response] of Object.entries(op.responses)) {
        assert.ok(response.content?.['application/json'].schema, `${path} ${status}: a JSON schema`);
        if (Number(status) >= 400 && !(path === '/health' && status === '503')) assert.equal(response.content['application/json'].schema.$ref, '#/components/schemas/ApiError', `${path} ${status}`);
      }
      const hasParams = Boolean((item.get as { parameters?: unknown[] }).parameters?.length);
      assert.equal(Boolean(op.responses['400']), hasParams, `${path}: 400 exactly when it takes parameters`);
    }
    assert.deepEqual(Object.keys(d.paths['/health'].get!.responses).sort(), ['200', '401', '421', '429', '500', '503']);
    assert.deepEqual(Object.keys(d.paths['/openapi.json'].get!.responses).sort(), ['200', '401', '421', '429', '500']);
    assert.deepEqual(Object.keys(d.paths['/probe/scenario/{id}'].get!.responses).sort(), ['200', '400', '401', '404', '414', '421', '429', '500', '503']);
  });

  it('the document promises every field: 2xx objects are closed and require all their properties (issue 24), HealthReport and the document itself excepted', async () => {
    const d = await doc();
    const problems: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(d.paths)) {
      if (path === '/health' || path === '/openapi.json') continue;
      const schema = item.get!.responses['200'].content!['application/json'].schema;
      problems.push(...looseObjects(d, schema, path));
      checked++;
    }
    assert.ok(checked >= 3, String(checked));
    assert.deepEqual(problems, []);
    // The check finds what it looks for: the open HealthReport, seen through its $ref.
    assert.deepEqual(looseObjects(d, d.paths['/health'].get!.responses['200'].content!['application/json'].schema, 'health').slice(0, 1), ['health → HealthReport: additionalProperties is not false']);
  });

  it('the routes the /rca paths replaced answer 404 like any unknown path', async () => {
    const ids: Record<string, string> = { '{s}': story().scenario_id, '{r}': story().failed_run_id, '{u}': demo().runs[0].run_by! };
    for (const template of OLD_ROUTES) {
      const url = template.replace(/\{[sru]\}/, (m) => encodeURIComponent(ids[m]));
      const r = await get(url, 404);
      assert.deepEqual(r.json(), { statusCode: 404, error: 'Not Found', message: `no such route: GET ${url}` });
    }
    assert.equal((await get('/nothing/here', 404)).json().message, 'no such route: GET /nothing/here');
  });

  it('any other method: 405 with Allow: GET, HEAD on every documented path, 404 elsewhere; QUERY with a body is a 405, not a 400 about its Content-Type (issue 24)', async () => {
    const d = await doc();
    const urls = Object.keys(d.paths).map((p) => p.replace('{id}', story().scenario_id));
    for (const url of urls) {
      for (const method of METHODS) {
        const r = await checkedInject(app, { method, url, expect: 405, headers: { 'content-type': 'application/x-unknown' }, payload: 'x'.repeat(10) });
        assert.equal(r.headers.allow, 'GET, HEAD');
        assert.deepEqual(r.json(), { statusCode: 405, error: 'Method Not Allowed', message: `${method} is not allowed: every route answers GET, HEAD only` });
      }
    }
    for (const method of ['POST', 'QUERY', 'DELETE']) await checkedInject(app, { method, url: '/nothing/here', expect: 404, headers: { 'content-type': 'application/x-unknown' }, payload: 'x' });
    // A body over the limit is not read either.
    await checkedInject(app, { method: 'POST', url: '/health', expect: 405, payload: { x: 'y'.repeat(20_000) } });
  });

  it('over a socket: servers names the listening URL, QUERY gets 405, an unknown method 501, both in the ApiError shape', async () => {
    const listening = await buildApi({ engine, reporting: dbs.reporting, health: () => checkHealth(dbs.reporting), logSources: () => [], token: null, host: '127.0.0.1' });
    try {
      await listening.listen({ host: '127.0.0.1', port: 0 });
      const { port } = listening.server.address() as { port: number };
      const send = (method: string, path: string) =>
        new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'text/x-unknown' } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
          });
          req.on('error', reject);
          req.end(method === 'GET' ? undefined : 'a body');
        });
      const served = JSON.parse((await send('GET', '/openapi.json')).body) as OpenApiDocument;
      assert.deepEqual(served.servers, [{ url: `http://127.0.0.1:${port}`, description: 'the address serve listens on' }]);
      const query = await send('QUERY', '/health');
      assert.deepEqual([query.status, query.allow, JSON.parse(query.body).error], [405, 'GET, HEAD', 'Method Not Allowed']);
      // Node's parser refuses a method it does not know before Fastify sees it: 501 (RFC 9110), same shape.
      const { connect } = await import('node:net');
      const raw = await new Promise<string>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => s.end('BREW /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
        let text = '';
        s.on('data', (c: Buffer) => (text += c.toString()));
        s.on('end', () => resolve(text));
        s.on('error', reject);
      });
      assert.match(raw, /^HTTP\/1\.1 501 Not Implemented\r\n/);
      assert.match(raw, /\r\nAllow: GET, HEAD\r\n/);
      assert.deepEqual(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)), { statusCode: 501, error: 'Not Implemented', message: 'unknown method: every route answers GET, HEAD only' });
    } finally {
      await listening.close();
    }
  });

  describe('time parameters (issue 24: a client\'s bad value became "database unavailable")', () => {
    it('PostgreSQL itself refuses an offset of -16:00: the reason the API converts offsets before SQL', async () => {
      await assert.rejects(dbs.prod.query("SELECT '2026-11-10 00:00:00-16:00'::timestamp AS t"), /time zone displacement out of range|out of range/i);
    });

    it('since=…-16:00 answers 200 over the window it means (UTC), counted from the demo data', async () => {
      const since = '2026-11-10T00:00:00-16:00'; // 2026-11-10T16:00:00Z
      const r = await get(`/probe/signatures?since=${encodeURIComponent(since)}&limit=1000`, 200);
      assert.equal(r.json().since, '2026-11-10T16:00:00.000Z');
      const failed = demo().runs.filter((x) => (x.run_status === 'failed' || x.run_status === 'timeout') && x.fail_reason);
      const inWindow = failed.filter((x) => Date.parse(`${x.run_at.replace('Z', '')}Z`) >= Date.parse('2026-11-10T16:00:00Z'));
      assert.ok(inWindow.length > 0 && inWindow.length < failed.length, `${inWindow.length} of ${failed.length}`);
      assert.equal(r.json().failures, inWindow.length);
      // The same instant written in UTC gives the same answer.
      assert.deepEqual((await get('/probe/signatures?since=2026-11-10T16:00:00Z&limit=1000', 200)).json(), r.json());
    });

    it('bad values answer 400 naming the parameter and why, never 503', async () => {
      const cases: Array<[string, string]> = [
        ['since=infinity', 'query parameter since is not an RFC 3339 date-time with its offset (e.g. 2026-11-20T09:14:03Z) or a date (2026-11-20) in the years 1900–9999'],
        ['until=0001-01-01T00:00:00Z', 'query parameter until is not an RFC 3339 date-time with its offset (e.g. 2026-11-20T09:14:03Z) or a date (2026-11-20) in the years 1900–9999'],
        ['since=2026-02-30T00:00:00Z', 'query parameter since is not an RFC 3339 date-time with its offset (e.g. 2026-11-20T09:14:03Z) or a date (2026-11-20) in the years 1900–9999'],
        ['since=2026-11-10T00:00:00', 'query parameter since is not an RFC 3339 date-time with its offset (e.g. 2026-11-20T09:14:03Z) or a date (2026-11-20) in the years 1900–9999'],
        ['since=2026-11-10&until=2026-11-09', 'query parameter since (2026-11-10T00:00:00.000Z) is after until (2026-11-09T00:00:00.000Z)'],
        ['limit=0', 'query parameter limit must be >= 1'],
        ['limit=1001', 'query parameter limit must be <= 1000'],
        ['offset=-1', 'query parameter offset must be >= 0'],
        ['offset=99999999999999999999', 'query parameter offset must be <= 2147483647'],
        ['limit=ten', 'query parameter limit must be integer'],
        ['colour=red', 'query parameter colour is not a parameter of this route'],
      ];
      for (const [query, message] of cases) {
        const r = await get(`/probe/signatures?${query}`, 400);
        assert.deepEqual(r.json(), { statusCode: 400, error: 'Bad Request', message }, query);
      }
    });

    it('paging: limit and offset slice the same list', async () => {
      const all = (await get('/probe/signatures?limit=1000', 200)).json();
      assert.ok(all.total >= 4, String(all.total));
      const page = (await get('/probe/signatures?limit=2&offset=1', 200)).json();
      assert.deepEqual(page.items, all.items.slice(1, 3));
      assert.deepEqual((await get(`/probe/signatures?offset=${all.total}`, 200)).json().items, []);
    });
  });

  describe('ids', () => {
    it('user ids are whatever production stores (issue 24): apostrophes, accents, other scripts, spaces and %2F reach the query as sent', async () => {
      const known = demo().runs[0].run_by!;
      const r = await get(`/probe/user/${encodeURIComponent(known)}`, 200);
      assert.equal(r.json().user_id, known);
      assert.equal(r.json().runs_started, demo().runs.filter((x) => x.run_by === known).length);
      for (const id of ["o'brien@example.com", 'zoë.müller@example.com', '山田', 'a b', 'a/b', 'x'.repeat(200), '🙂'.repeat(200)]) {
        const unknown = await get(`/probe/user/${encodeURIComponent(id)}`, 404);
        assert.deepEqual(unknown.json(), { statusCode: 404, error: 'Not Found', message: `unknown user '${id.length > 60 ? `${id.slice(0, 60)}…` : id}'` }, id);
      }
      assert.equal((await get('/probe/user/a%2Fb', 404)).json().message, "unknown user 'a/b'");
      assert.equal((await get('/probe/user/a b', 404)).json().message, "unknown user 'a b'");
    });

    it('user ids refused with 400: control characters (NUL cannot reach PostgreSQL text), over 200 characters; malformed encodings', async () => {
      assert.equal((await get('/probe/user/a%00b', 400)).json().message, 'id contains a control character');
      assert.equal((await get('/probe/user/a%0Ab', 400)).json().message, 'id contains a control character');
      assert.equal((await get(`/probe/user/${'x'.repeat(201)}`, 400)).json().message, 'id must NOT have more than 200 characters');
      assert.equal((await get('/probe/user/%FF', 400)).json().message, 'the URL is not valid');
      assert.equal((await get('/probe/user/%E5%B1', 400)).json().message, 'the URL is not valid');
      assert.equal((await get(`/probe/user/${'%C3%A9'.repeat(201)}`, 400)).json().message, 'id must NOT have more than 200 characters');
      assert.equal((await get(`/probe/user/${'x'.repeat(401)}`, 414)).json().message, 'a path parameter is longer than 400 characters');
    });

    it('an unknown id answers 404 with the id alone, never the server or database it was looked up on (issue 24)', async () => {
      const r = await get(`/probe/scenario/${UNKNOWN}`, 404);
      assert.deepEqual(r.json(), { statusCode: 404, error: 'Not Found', message: `unknown scenario id ${UNKNOWN}` });
      for (const db of [dbs.prod, dbs.reporting]) assert.ok(!r.body.includes(db.label), `names ${db.label}`);
      if (ON_SERVER) for (const part of [new URL(dbs.url).host, new URL(dbs.url).pathname.slice(1)]) assert.ok(!r.body.includes(part), part);
      assert.equal((await get('/probe/scenario/not-a-uuid', 400)).json().message, 'id is not a UUID');
      assert.equal((await get(`/probe/scenario/${story().scenario_id}`, 200)).json().scenario_id, story().scenario_id);
    });
  });

  describe('the issue-24 cases on the /rca routes', () => {
    it('GET /rca/errors/top-categories?since=…-16:00: 200 over the UTC window, not 503', async function () {
      await requireRoute(this, '/rca/errors/top-categories');
      const r = await get(`/rca/errors/top-categories?since=${encodeURIComponent('2026-11-10T00:00:00-16:00')}`, 200);
      assert.equal(r.json().from, '2026-11-10T16:00:00.000Z');
      const bad = await get('/rca/errors/top-categories?since=infinity', 400);
      assert.match(bad.json().message, /^query parameter since /);
    });

    it('GET /rca/scenario/{id}/run-comparison of a scenario that never failed: 200, comparable false, with why', async function () {
      await requireRoute(this, '/rca/scenario/{id}/run-comparison');
      const failing = new Set(demo().runs.filter((x) => x.run_status === 'failed' || x.run_status === 'timeout').map((x) => x.scenario_id));
      const neverFailed = demo().scenarios.find((s) => !failing.has(s.id) && demo().runs.some((x) => x.scenario_id === s.id))!;
      const r = await get(`/rca/scenario/${neverFailed.id}/run-comparison`, 200);
      assert.equal(r.json().comparable, false);
      assert.equal(typeof r.json().reason, 'string');
    });

    it('GET /rca/user/{id}/journey takes any user id: unknown non-ASCII ids are 404s, not 400s', async function () {
      await requireRoute(this, '/rca/user/{id}/journey');
      for (const id of ["o'brien@example.com", 'zoë.müller@example.com', '山田', 'a b', 'a/b']) await get(`/rca/user/${encodeURIComponent(id)}/journey`, 404);
    });
  });
});
