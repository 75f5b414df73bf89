/**
 * Issue 20, items 4–6: the HTTP API's Host check (DNS rebinding), the limit on failed
 * authentications and its one error shape. A refused TCP port stands for a database that
 * cannot answer, so these run the same on PGlite and on PostgreSQL; the unknown-id 404 on
 * real data is in api.test.ts.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AuthLimiter } from '../../src/api/authLimiter';
import { buildApi, clientKey, isLoopback, requireTokenOffLoopback, type ApiOptions } from '../../src/api/server';
import type { HealthReport } from '../../src/core/health';
import { DbError } from '../../src/core/errors';
import { PgDb } from '../../src/db/pgDb';
import { Engine } from '../../src/engine/engine';
import { systemClock } from '../../src/ops/clock';
import { Serve } from '../../src/ops/serve';
import { checkedInject, type CheckedInjectOptions } from './apiContract';
import { addProbeRoutes } from './apiProbe';

const TOKEN = 'a-long-enough-secret-token';
const SCENARIO = '3f1c0000-0000-4000-8000-000000000000';
const OK: HealthReport = {
  status: 'ok',
  checks: [{ name: 'data_age', status: 'ok', detail: 'last load 3 minutes ago' }],
  success_rate: { window: 60, runs: 12, succeeded: 12, failed: 0, cancelled: 0, rate: 1, since: '2026-12-01T00:00:00.000Z' },
  metrics: [],
};

/** An API whose engine must not be reached (the routes used here answer before it), with the probe routes (apiProbe.ts). */
async function api(o: Partial<ApiOptions> = {}): Promise<FastifyInstance> {
  const options: ApiOptions = {
    engine: () => Promise.reject(new Error('the engine is not part of this test')),
    reporting: null,
    health: async () => OK,
    logSources: () => [],
    token: null,
    ...o,
  };
  const app = await buildApi(options);
  addProbeRoutes(app, options);
  return app;
}

/** A TCP port on the loopback that refuses connections (bound once, then closed). */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One GET over a real socket, with the Host header given. */
function httpGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The documented error shape, nothing more. */
function assertErrorShape(body: Record<string, unknown>, status: number): void {
  assert.deepEqual(Object.keys(body).sort(), ['error', 'message', 'statusCode'], JSON.stringify(body));
  assert.equal(body.statusCode, status);
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.message, 'string');
}

describe('HTTP API security (issue 20: Host check, failed authentications, one error shape)', function () {
  const apps: FastifyInstance[] = [];
  const open = async (o: Partial<ApiOptions> = {}): Promise<FastifyInstance> => {
    const app = await api(o);
    apps.push(app);
    return app;
  };
  after(async () => {
    for (const app of apps) await app.close();
  });

  describe('item 4: DNS rebinding on the token-less API', () => {
    it('a loopback host is an address in 127.0.0.0/8, ::1 or localhost, parsed, not a prefix', () => {
      for (const host of ['127.0.0.1', '127.1.2.3', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LocalHost']) assert.equal(isLoopback(host), true, host);
      for (const host of ['127.example.com', '127.0.0.1.nip.io', '127.', '127.0.0', '1270.0.0.1', '128.0.0.1', '0.0.0.0', '::', '10.0.0.1', 'localhost.example.com', '']) assert.equal(isLoopback(host), false, host);
      assert.throws(() => requireTokenOffLoopback('127.example.com', null), /needs a bearer token/);
      assert.doesNotThrow(() => requireTokenOffLoopback('127.0.0.2', null));
    });

    it('without a token only loopback names (and the configured --host) are answered; others get 421', async () => {
      const app = await open({ host: '127.0.0.5' });
      const get = (host: string | undefined) => checkedInject(app, { method: 'GET', url: '/health', headers: host === undefined ? {} : { host } });
      for (const host of ['localhost:8787', 'localhost', '127.0.0.1:8787', '127.0.0.1', '[::1]:8787', '[::1]', 'LOCALHOST:8787', '127.0.0.5:8787']) {
        const r = await get(host);
        assert.equal(r.statusCode, 200, host);
        assert.equal(r.json().status, 'ok', host);
      }
      for (const host of ['rebind.attacker.example:8787', 'rebind.attacker.example', '127.example.com:8787', '127.0.0.1.nip.io', 'localhost.attacker.example', '[::2]:8787', '::1', 'localhost:8787:1', 'localhost:port']) {
        const r = await get(host);
        assert.equal(r.statusCode, 421, host);
        assertErrorShape(r.json(), 421);
        assert.equal(r.json().error, 'Misdirected Request');
        assert.doesNotMatch(r.body, /"status":"ok"/);
      }
      // Every route, the unknown ones too: nothing is answered to a rebinding name.
      for (const url of ['/openapi.json', `/probe/scenario/${SCENARIO}`, '/nothing/here']) {
        await checkedInject(app, { method: 'GET', url, headers: { host: 'rebind.attacker.example' }, expect: 421 });
      }
    });

    it('with a token any Host name is answered (the token is what guards it)', async () => {
      const app = await open({ token: TOKEN });
      const r = await checkedInject(app, { method: 'GET', url: '/health', headers: { host: 'rca.example.com:8787', authorization: `Bearer ${TOKEN}` } });
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().status, 'ok');
    });
  });

  it('serve: a real listener refuses a rebinding name (421) and logs a 503\'s details as an http_error line, not in the answer', async () => {
    const port = await refusedPort();
    const db = new PgDb({ url: `postgres://rca_reader@127.0.0.1:${port}/prod_forecasts`, readOnly: true });
    const out: string[] = [];
    const serve = new Serve({ source: db, target: db, alertWebhook: null, clock: systemClock, everyMinutes: 60, fullAt: { hour: 2, minute: 0 }, tz: 'UTC', retries: 0, backoffMs: 1000, maxBackoffMs: 1000, out: (l) => out.push(l), api: { host: '127.0.0.1', port: 0, token: null, logSources: () => [] } });
    try {
      const listening = (await serve.listen())!;
      const bound = JSON.parse(out.find((l) => l.includes('"http_listen"'))!) as { port: number };
      assert.equal(listening.host, '127.0.0.1');
      const far = await httpGet(bound.port, '/health', `rebind.attacker.example:${bound.port}`);
      assert.equal(far.status, 421);
      assertErrorShape(JSON.parse(far.body), 421);
      const near = await httpGet(bound.port, '/health', `127.0.0.1:${bound.port}`);
      assert.equal(near.status, 503);
      assert.equal(JSON.parse(near.body).message, 'database unavailable');
      const logged = out.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.event === 'http_error')!;
      assert.equal(logged.status, 503);
      assert.match(String(logged.ts), /Z$/);
      assert.match(String(logged.error), /prod_forecasts: connection refused/);
    } finally {
      await serve.stop();
      await serve.start(); // stopped before it began: closes the listener
      await db.close();
    }
  });

  describe('item 5: failed authentications are rate limited per client', () => {
    it('after N wrong tokens a client gets 429 with Retry-After, even with the right token, until the window ends', async () => {
      let now = Date.parse('2026-12-06T10:00:00Z');
      const app = await open({ token: TOKEN, authFailuresPerMinute: 5, now: () => now });
      const get = (token: string, remoteAddress = '192.0.2.10') =>
        checkedInject(app, { method: 'GET', url: '/health', remoteAddress, headers: { authorization: `Bearer ${token}` } });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await get(`wrong-token-number-${i}`)).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
      const limited = await get('wrong-token-number-6');
      assert.equal(limited.statusCode, 429);
      assertErrorShape(limited.json(), 429);
      assert.match(limited.json().message, /failed authentications/);
      assert.equal(limited.headers['retry-after'], '60');
      // The right token does not get through either: guessing cannot go on at full speed.
      const right = await get(TOKEN);
      assert.equal(right.statusCode, 429);
      // Another client is not affected.
      assert.equal((await get(TOKEN, '192.0.2.11')).statusCode, 200);
      // 45 s later: 15 s left.
      now += 45_000;
      const later = await get(TOKEN);
      assert.equal(later.statusCode, 429);
      assert.equal(later.headers['retry-after'], '15');
      now += 15_000;
      assert.equal((await get(TOKEN)).statusCode, 200);
      // A fresh window: failures are counted from zero again.
      assert.equal((await get('wrong-again-token-00')).statusCode, 401);
    });

    it('a client is its address; an IPv6 one its /64, so rotating addresses inside it does not reset the count', async () => {
      assert.equal(clientKey('192.0.2.10'), '192.0.2.10');
      assert.equal(clientKey('::ffff:192.0.2.10'), '192.0.2.10');
      assert.equal(clientKey('2001:db8:0:7::1'), '2001:db8:0:7::/64');
      assert.equal(clientKey('2001:0DB8:0000:0007:ffff:1:2:3'), '2001:db8:0:7::/64');
      assert.equal(clientKey('2001:db8::7'), '2001:db8:0:0::/64');
      assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
      assert.notEqual(clientKey('2001:db8:0:8::1'), clientKey('2001:db8:0:7::1'));
      const app = await open({ token: TOKEN, authFailuresPerMinute: 3, now: () => 0 });
      const get = (token: string, remoteAddress: string) => checkedInject(app, { method: 'GET', url: '/health', remoteAddress, headers: { authorization: `Bearer ${token}` } });
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) statuses.push((await get(`wrong-token-number-${i}`, `2001:db8:0:7::${i}`)).statusCode);
      statuses.push((await get(TOKEN, '2001:db8:0:7:abcd::1')).statusCode, (await get(TOKEN, '2001:db8:0:8::1')).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 429, 429, 200]);
    });

    it('the limiter remembers a bounded number of clients, dropping ended windows first, then the oldest', () => {
      let now = 0;
      const limiter = new AuthLimiter({ max: 2, windowMs: 60_000, now: () => now, maxClients: 3 });
      for (const c of ['a', 'b']) assert.deepEqual([limiter.fail(c), limiter.fail(c)], [false, true], c);
      now = 30_000;
      for (const c of ['c', 'c']) limiter.fail(c);
      assert.deepEqual(['a', 'b', 'c'].map((c) => limiter.blockedFor(c)), [30_000, 30_000, 60_000]);
      limiter.fail('d'); // full: nothing has ended, so the oldest (a) goes
      assert.deepEqual(['a', 'b', 'c'].map((c) => limiter.blockedFor(c)), [0, 30_000, 60_000]);
      now = 61_000; // b's window has ended (it goes first), c's has not
      limiter.fail('e');
      assert.deepEqual(['b', 'c'].map((c) => limiter.blockedFor(c)), [0, 29_000]);
      limiter.fail('f'); // c, d, e: nothing has ended, so the oldest (c) goes
      assert.equal(limiter.blockedFor('c'), 0);
    });

    it('wrong tokens count against the per-client request limit as well', async () => {
      const app = await open({ token: TOKEN, rateLimitPerMinute: 3 });
      const get = (token: string) => checkedInject(app, { method: 'GET', url: '/health', headers: { authorization: `Bearer ${token}` } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await get(`wrong-token-number-${i}`)).statusCode);
      statuses.push((await get(TOKEN)).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
    });
  });

  describe('item 6: one error shape, no internals', () => {
    it('503 says "database unavailable" only; host, port, database and the cause go to the server log', async () => {
      const port = await refusedPort();
      const prod = new PgDb({ url: `postgres://rca_reader:hunter2-secret@127.0.0.1:${port}/prod_forecasts`, readOnly: true });
      const log: Array<Record<string, unknown>> = [];
      try {
        const app = await open({ engine: () => Engine.create(prod, null, 'auto'), log: (e) => log.push(e) });
        const r = await checkedInject(app, { method: 'GET', url: `/probe/scenario/${SCENARIO}?x=1`, expect: 503 });
        assert.equal(r.statusCode, 503);
        assert.deepEqual(r.json(), { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' });
        for (const secret of ['127.0.0.1', String(port), 'prod_forecasts', 'rca_reader', 'hunter2', 'refused']) assert.ok(!r.body.includes(secret), `the body names ${secret}: ${r.body}`);
        assert.equal(log.length, 1);
        assert.equal(log[0].event, 'http_error');
        assert.equal(log[0].status, 503);
        assert.equal(log[0].path, `/probe/scenario/${SCENARIO}`);
        assert.match(String(log[0].error), new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}/prod_forecasts: connection refused`));
        assert.ok(!JSON.stringify(log).includes('hunter2'));
      } finally {
        await prod.close();
      }
    });

    it('a health check that cannot reach the database: 503 in the error shape (not an empty health verdict)', async () => {
      const log: Array<Record<string, unknown>> = [];
      const app = await open({ health: () => Promise.reject(new DbError('cannot connect to db.internal:5432/reporting: connection refused')), log: (e) => log.push(e) });
      const r = await checkedInject(app, { method: 'GET', url: '/health', expect: 503 });
      assert.equal(r.statusCode, 503);
      assert.deepEqual(r.json(), { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' });
      assert.match(String(log[0]?.error), /db\.internal:5432\/reporting/);
    });

    it('500 says "internal error" only; the cause goes to the server log', async () => {
      const log: Array<Record<string, unknown>> = [];
      const app = await open({ engine: () => Promise.reject(new TypeError('cannot read /srv/clearsight/secret.json')), log: (e) => log.push(e) });
      const r = await checkedInject(app, { method: 'GET', url: `/probe/scenario/${SCENARIO}`, expect: 500 });
      assert.equal(r.statusCode, 500);
      assert.deepEqual(r.json(), { statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
      assert.match(String(log[0]?.error), /secret\.json/);
    });

    it('414 (a path parameter too long) and a malformed URL answer in the error shape, without echoing the path', async () => {
      const app = await open();
      const long = await checkedInject(app, { method: 'GET', url: `/probe/scenario/${'a'.repeat(401)}`, expect: 414 });
      assert.equal(long.statusCode, 414);
      assertErrorShape(long.json(), 414);
      assert.equal(long.json().error, 'URI Too Long');
      assert.ok(!long.body.includes('a'.repeat(50)));
      const bad = await checkedInject(app, { method: 'GET', url: '/probe/scenario/%zz', expect: 400 });
      assert.equal(bad.statusCode, 400);
      assertErrorShape(bad.json(), 400);
      // Not for a rebinding name either.
      const far = await checkedInject(app, { method: 'GET', url: `/probe/scenario/${'a'.repeat(401)}`, headers: { host: 'rebind.attacker.example' } });
      assert.equal(far.statusCode, 421);
    });

    it('401, 404, 429 and 400 share the shape', async () => {
      const app = await open({ token: TOKEN, rateLimitPerMinute: 4 });
      const auth = { authorization: `Bearer ${TOKEN}` };
      const cases: Array<[number, CheckedInjectOptions]> = [
        [401, { method: 'GET', url: '/health' }],
        [404, { method: 'GET', url: '/nothing/here', headers: auth }],
        [400, { method: 'GET', url: '/probe/signatures?limit=0', headers: auth }],
        [200, { method: 'GET', url: '/health', headers: auth }],
        [429, { method: 'GET', url: '/health', headers: auth }],
      ];
      for (const [status, req] of cases) {
        const r = await checkedInject(app, { ...req, expect: status });
        assert.equal(r.statusCode, status, String(req.url));
        if (status !== 200) assertErrorShape(r.json(), status);
      }
    });

    it('the OpenAPI document defines the error shape once and every error response refers to it', async () => {
      const app = await open({ token: TOKEN });
      const doc = (await checkedInject(app, { method: 'GET', url: '/openapi.json', headers: { authorization: `Bearer ${TOKEN}` }, expect: 200 })).json();
      const schema = doc.components.schemas.ApiError;
      assert.deepEqual(schema.required, ['statusCode', 'error', 'message']);
      assert.deepEqual(Object.keys(schema.properties).sort(), ['error', 'message', 'statusCode']);
      let refs = 0;
      for (const [path, item] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>(doc.paths)) {
        const responses = item.get.responses;
        for (const status of ['401', '421', '429', '500']) assert.ok(responses[status], `${path} documents ${status}`);
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) < 400 || (path === '/health' && status === '503')) continue;
          assert.equal(response.content?.['application/json'].schema.$ref, '#/components/schemas/ApiError', `${path} ${status}`);
          refs++;
        }
      }
      assert.ok(refs >= Object.keys(doc.paths).length * 4, String(refs));
    });
  });
});
