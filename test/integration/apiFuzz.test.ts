/**
 * A property test of the HTTP API (issue 24), driven by its own OpenAPI document: for every
 * GET path it lists (the /rca routes included once they are registered), requests built from
 * its parameters — real scenario, run and user ids and hostile ones, time parameters with
 * any offset, year and form, paging values in and out of range — must answer
 *   - no 5xx,
 *   - only a status the document lists for that path, with a body valid against its schema
 *     (apiContract.ts: JSON, every required field, no extra one); 405 with Allow to another
 *     method than GET and HEAD,
 *   - nothing of the server: no host, port or database name, no SQLSTATE or SQL error text,
 *     no stack trace.
 * Bounded: at most RUNS requests, and never more than LIMIT_MS of requests (fast-check stops
 * early on a slow machine). The seed is printed on failure; CLEARSIGHT_FC_SEED replays it.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import { Engine } from '../../src/engine/engine';
import { runEtl } from '../../src/etl/etl';
import { checkHealth } from '../../src/ops/health';
import { contractOf, contractProblems, type Contract } from './apiContract';
import { addProbeRoutes } from './apiProbe';
import { ON_SERVER, demo, seededDbs, type TestDbs } from './setup';

const RUNS = 400;
const LIMIT_MS = 15_000;
type Schema = { type?: string; format?: string; enum?: unknown[]; minimum?: number; maximum?: number; pattern?: string; examples?: unknown[] };
/** A parameter value: text to URL-encode, or raw text put in the URL as it is (malformed encodings). */
type Value = { text: string } | { raw: string };

const encode = (v: Value): string => {
  if ('raw' in v) return v.raw;
  try {
    return encodeURIComponent(v.text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: what a client sending one puts on the wire
  }
};

/** Strings a client may send by mistake or on purpose. */
const hostile = fc.constantFrom(
  '',
  ' ',
  "'; DROP TABLE x; --",
  '%',
  '../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '\u0000',
  'a\u0000b',
  '\t',
  '\u202e',
  '\ufeff',
  '𝕏',
  'x'.repeat(201),
  "o'brien@example.com",
  'zoë.müller@example.com',
  '山田',
  'a b',
  'a/b',
);
const rawHostile: fc.Arbitrary<Value> = fc.constantFrom('%zz', '%FF', '%E5%B1', '%C0%AF', '%00', '%2F', '%').map((raw) => ({ raw }));
const text = (a: fc.Arbitrary<string>): fc.Arbitrary<Value> => a.map((t) => ({ text: t }));
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 300 }));

/** Time values: RFC 3339 with any offset and precision, dates, edge years, leap seconds, and junk. */
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateTime = fc
  .record({
    year: fc.oneof(fc.integer({ min: 2026, max: 2026 }), fc.integer({ min: 0, max: 10_050 }), fc.constantFrom(1899, 1900, 9999, 10_000)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,12}$/)),
    zone: fc.oneof(fc.constantFrom('Z', 'z', '', '+00:00', '-16:00', '+16:00', '-23:59', '+24:00', '+05:30', '+0530', '-05'), fc.integer({ min: -1439, max: 1439 }).map((m) => `${m < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(m) / 60))}:${pad(Math.abs(m) % 60)}`)),
    separator: fc.constantFrom('T', 't', ' '),
    dateOnly: fc.boolean(),
  })
  .map((t) => {
    const date = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
    return t.dateOnly ? date : `${date}${t.separator}${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.fraction}${t.zone}`;
  });
/** A valid instant of the demo's months, written with any offset (-23:59..+23:59). */
const validTime = fc
  .tuple(fc.date({ min: new Date('2026-10-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -1439, max: 1439 }))
  .map(([d, offset]) => {
    const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 23);
    return `${local}${offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`}`;
  });
const timeValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 5, arbitrary: text(validTime) },
  { weight: 3, arbitrary: text(dateTime) },
  { weight: 1, arbitrary: text(fc.constantFrom('infinity', '-infinity', 'epoch', 'now', 'today', 'yesterday', 'allballs', '2026-11-10 00:00:00-16', '1700000000')) },
  { weight: 1, arbitrary: text(anyString) },
);

const integerValue = (s: Schema): fc.Arbitrary<Value> =>
  fc.oneof(
    { weight: 4, arbitrary: text(fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 10_000, 10_000) }).map(String)) },
    { weight: 2, arbitrary: text(fc.constantFrom(String(s.minimum ?? 0), String(s.maximum ?? 1), String((s.minimum ?? 0) - 1), String((s.maximum ?? 0) + 1), '99999999999999999999', '1.5', '1e3', '-0', 'ten', '')) },
    { weight: 1, arbitrary: text(fc.integer().map(String)) },
  );

describe('HTTP API: a property test over every documented route\'s time, id and paging parameters (issue 24)', function () {
  let dbs: TestDbs;
  let app: FastifyInstance;
  let contract: Contract;
  before(async () => {
    dbs = await seededDbs();
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    const engine = () => Engine.create(dbs.prod, dbs.reporting, 'auto');
    app = await buildApi({ engine, reporting: dbs.reporting, health: () => checkHealth(dbs.reporting), logSources: () => [], token: null, rateLimitPerMinute: 1_000_000 });
    addProbeRoutes(app, { engine, reporting: dbs.reporting });
    contract = await contractOf(app);
  });
  after(async () => {
    await app?.close();
    await dbs?.close();
  });

  /** Values of one parameter, by its schema and name, with the demo's real ids among them. */
  function valuesOf(template: string, name: string, schema: Schema): fc.Arbitrary<Value> {
    const d = demo();
    const scenarios = d.scenarios.map((s) => s.id);
    const runs = d.runs.map((r) => r.id);
    const users = [...new Set(d.runs.map((r) => r.run_by).filter((u): u is string => Boolean(u)))];
    if (name === 'since' || name === 'until') return timeValue;
    if (schema.type === 'integer' || schema.type === 'number') return integerValue(schema);
    if (schema.enum) return fc.oneof({ weight: 4, arbitrary: text(fc.constantFrom(...schema.enum.map(String))) }, { weight: 1, arbitrary: text(anyString) });
    if (schema.format === 'uuid') {
      const real = /\/run\b|run/i.test(name) || template.includes('/run/') ? runs : template.includes('/scenario') ? scenarios : [...scenarios, ...runs, ...d.models.map((m) => m.id)];
      return fc.oneof(
        { weight: 6, arbitrary: text(fc.constantFrom(...real)) },
        { weight: 2, arbitrary: text(fc.uuid()) },
        { weight: 1, arbitrary: text(fc.constantFrom(...real).map((id) => id.toUpperCase())) },
        { weight: 1, arbitrary: text(anyString) },
        { weight: 1, arbitrary: rawHostile },
      );
    }
    // Other strings: their examples and values of their pattern (valid ones), users, hostile ones.
    const valid: Array<fc.WeightedArbitrary<Value>> = [];
    if (schema.examples?.length) valid.push({ weight: 3, arbitrary: text(fc.constantFrom(...schema.examples.map(String))) });
    if (schema.pattern) valid.push({ weight: 3, arbitrary: text(fc.stringMatching(new RegExp(schema.pattern, 'u'), { size: 'small' })) });
    const usersToo = template.includes('/user/') || name === 'user' ? 3 : 1;
    return fc.oneof(...valid, { weight: usersToo, arbitrary: text(fc.constantFrom(...users)) }, { weight: 2, arbitrary: text(hostile) }, { weight: 2, arbitrary: text(anyString) }, { weight: 1, arbitrary: rawHostile });
  }

  it('no 5xx, only documented statuses with valid bodies, nothing of the server in any answer', async function () {
    this.timeout(120_000);
    const requests = contract.paths.map((p) => {
      const params = p.operation.parameters ?? [];
      const pathParams = params.filter((x) => x.in === 'path');
      const query = params.filter((x) => x.in === 'query');
      return fc
        .record({
          path: fc.tuple(...pathParams.map((x) => valuesOf(p.template, x.name, x.schema as Schema))),
          query: fc.tuple(...query.map((x) => fc.option(valuesOf(p.template, x.name, x.schema as Schema), { freq: 2 }))),
        })
        .map(({ path, query: q }) => {
          let url = p.template;
          pathParams.forEach((x, i) => (url = url.replace(`{${x.name}}`, encode(path[i]))));
          const qs = query.flatMap((x, i) => (q[i] === null ? [] : [`${encodeURIComponent(x.name)}=${encode(q[i]!)}`]));
          return qs.length ? `${url}?${qs.join('&')}` : url;
        });
    });
    assert.ok(requests.length >= 5, `${requests.length} documented paths`);
    const secrets = [dbs.prod.label, dbs.reporting.label, ...(ON_SERVER ? [new URL(dbs.url).host, new URL(dbs.url).pathname.slice(1), new URL(dbs.reportingUrl).pathname.slice(1)] : [])];
    const statuses = new Map<number, number>();
    let sent = 0;
    const started = Date.now();
    // Mostly GET; some HEAD, other methods (405) and a parameter no route takes.
    const method = fc.oneof({ weight: 16, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constant('HEAD') }, { weight: 2, arbitrary: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'QUERY', 'TRACE') });
    const extra = fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('colour=red', 'limit=5&limit=6', 'since=', '__proto__=1', 'constructor[prototype][x]=1') });
    await fc.assert(
      fc.asyncProperty(fc.oneof(...requests), method, extra, async (path, m, more) => {
        sent++;
        const url = more === null ? path : `${path}${path.includes('?') ? '&' : '?'}${more}`;
        const r = await app.inject({ method: m as 'GET', url });
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        const problems = contractProblems(contract, m, url, r);
        if (r.statusCode >= 500) problems.push(`${url} → ${r.statusCode}: a server error: ${r.body.slice(0, 300)}`);
        for (const s of secrets) if (s && r.body.includes(s)) problems.push(`${url} → ${r.statusCode}: the answer names ${s}`);
        if (/SQLSTATE|syntax error|\bERROR:|violates|relation "|column "|\n\s+at [\w.<]+ \(/.test(r.body)) problems.push(`${url} → ${r.statusCode}: database or stack text: ${r.body.slice(0, 300)}`);
        assert.deepEqual(problems, [], problems.join('\n'));
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: LIMIT_MS, seed: process.env.CLEARSIGHT_FC_SEED ? Number(process.env.CLEARSIGHT_FC_SEED) : undefined },
    );
    const took = Date.now() - started;
    console.log(`      ${sent} requests over ${requests.length} paths in ${took} ms: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    // Real ids answered as well as refusals: the property saw both sides.
    assert.ok((statuses.get(200) ?? 0) > sent / 10, 'too few 200s: the generators miss the real ids');
    assert.ok((statuses.get(400) ?? 0) > 0 && (statuses.get(404) ?? 0) > 0 && (statuses.get(405) ?? 0) > 0);
  });
});
