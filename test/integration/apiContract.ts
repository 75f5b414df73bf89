/**
 * The HTTP API keeps its own contract (issue 24): every answer a test receives is checked
 * against the OpenAPI document the server serves, with ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1) and ajv-formats. A status the route does not document, a body
 * that is not JSON, a missing, extra or mistyped field fails the test that made the request.
 *
 *   const r = await checkedInject(app, { method: 'GET', url: `/rca/run/${id}/diagnostics` });
 *   const r = await checkedInject(app, { method: 'GET', url: '/rca/errors/top-categories?since=x', expect: 400 });
 *
 * Rules, besides the document's responses:
 * - a 500 passes only when the test says `expect: 500` (anything else unexpected is a bug);
 * - a path the document does not list answers 404 (any method), and a listed path answers
 *   405 with `Allow: GET, HEAD` to any method but GET and HEAD (or the 400 / 414 of a URL
 *   refused before routing, when the path documents it): all as an ApiError;
 * - HEAD answers the GET's status and headers, without a body.
 */
import assert from 'node:assert/strict';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Json }>;
  responses: Record<string, { content?: Record<string, { schema: Json }>; headers?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, { get?: Operation }>;
  components?: { schemas?: Record<string, Json> };
  [key: string]: unknown;
}

/** A documented path and its pattern over raw request paths. */
interface PathEntry {
  template: string;
  pattern: RegExp;
  operation: Operation;
}

/** The document of an app, its paths and the validators compiled from it (one per app). */
export interface Contract {
  doc: OpenApiDocument;
  paths: PathEntry[];
  /** The validator of a documented response body (by path template and status); null when it has no JSON body. */
  validator(template: string, status: number): ValidateFunction | null;
  /** The validator of components/schemas/ApiError (answers before routing: 404, 405, 421). */
  apiError: ValidateFunction;
}

const contracts = new WeakMap<FastifyInstance, Contract>();
const BASE = 'urn:clearsight:openapi';

/** Drops `$id` below the root: the document's components are referred to by JSON pointer only. */
function withoutIds(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutIds(v, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (!(k === '$id' && !top)) out[k] = withoutIds(v, false);
  return out;
}

const pointer = (...segments: string[]): string => segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/**
 * The app's OpenAPI document and its validators. The document is the one /openapi.json
 * serves (api.test.ts checks that the served one is this one with its `servers`), read from
 * the app itself so that reading it costs no request of a rate limit or a token.
 */
export async function contractOf(app: FastifyInstance): Promise<Contract> {
  const known = contracts.get(app);
  if (known) return known;
  await app.ready();
  const doc = structuredClone(app.swagger()) as unknown as OpenApiDocument;
  assert.equal(doc.openapi, '3.1.0');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...(withoutIds(doc) as Json), $id: BASE });
  const validators = new Map<string, ValidateFunction | null>();
  const paths = Object.entries(doc.paths).flatMap(([template, item]) =>
    item.get ? [{ template, operation: item.get, pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]*')}$`) }] : [],
  );
  const contract: Contract = {
    doc,
    paths,
    apiError: ajv.getSchema(`${BASE}#/${pointer('components', 'schemas', 'ApiError')}`)!,
    validator(template, status) {
      const key = `${template} ${status}`;
      if (!validators.has(key)) {
        const response = doc.paths[template]?.get?.responses[String(status)];
        const json = response?.content?.['application/json'];
        validators.set(key, json ? ajv.getSchema(`${BASE}#/${pointer('paths', template, 'get', 'responses', String(status), 'content', 'application/json', 'schema')}`)! : null);
      }
      return validators.get(key)!;
    },
  };
  contracts.set(app, contract);
  return contract;
}

/** The documented path a raw request path falls on, or null. */
export function documentedPath(contract: Contract, url: string): PathEntry | null {
  const path = url.split('?')[0];
  return contract.paths.find((p) => p.pattern.test(path)) ?? null;
}

export interface CheckedInjectOptions {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Json;
  remoteAddress?: string;
  /** The status the test expects (checked); a 500 passes only when expected. */
  expect?: number;
}

/** The problems of one answer against the contract (empty when it keeps it). */
export function contractProblems(contract: Contract, method: string, url: string, r: LightMyRequestResponse, expect?: number): string[] {
  const problems: string[] = [];
  const what = `${method} ${url.length > 200 ? `${url.slice(0, 200)}…` : url} → ${r.statusCode}`;
  if (expect !== undefined && r.statusCode !== expect) problems.push(`${what}: expected ${expect}: ${r.body.slice(0, 500)}`);
  if (r.statusCode === 500 && expect !== 500) problems.push(`${what}: an unexpected 500: ${r.body.slice(0, 500)}`);
  const entry = documentedPath(contract, url);
  const isGet = method === 'GET' || method === 'HEAD';
  let validate: ValidateFunction | null = null;
  if (r.statusCode === 421) {
    // Refused by the Host check before routing: any path, any method (documented on every operation).
    validate = contract.apiError;
  } else if (!entry || (!isGet && r.statusCode === 404)) {
    if (r.statusCode !== 404 && r.statusCode !== 401 && r.statusCode !== 429) problems.push(`${what}: an undocumented path must answer 404 (or 401 / 429 before it)`);
    validate = contract.apiError;
  } else if (!isGet) {
    if (r.statusCode === 405) {
      if (r.headers.allow !== 'GET, HEAD') problems.push(`${what}: 405 without Allow: GET, HEAD (${String(r.headers.allow)})`);
    } else if (![400, 401, 414, 429].includes(r.statusCode) || !entry.operation.responses[String(r.statusCode)]) {
      // A URL refused before routing (malformed encoding, an overlong parameter) is that, whatever the method.
      problems.push(`${what}: a documented path must answer 405 to ${method}`);
    }
    validate = contract.apiError;
  } else {
    const documented = entry.operation.responses[String(r.statusCode)];
    if (!documented) problems.push(`${what}: status ${r.statusCode} is not documented for GET ${entry.template} (documented: ${Object.keys(entry.operation.responses).join(', ')})`);
    else validate = contract.validator(entry.template, r.statusCode);
  }
  if (method === 'HEAD') {
    if (r.body !== '') problems.push(`${what}: HEAD with a body`);
    return problems;
  }
  if (!validate) return problems;
  if (!/^application\/json(;|$)/.test(String(r.headers['content-type']))) problems.push(`${what}: content-type ${String(r.headers['content-type'])}, not application/json`);
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    problems.push(`${what}: the body is not JSON: ${r.body.slice(0, 200)}`);
    return problems;
  }
  if (!validate(body)) {
    const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    problems.push(`${what}: the body does not match the documented schema:\n  ${errors.join('\n  ')}\n  body: ${r.body.slice(0, 800)}`);
  }
  return problems;
}

/** app.inject, then the answer checked against the served document (see above); the answer. */
export async function checkedInject(app: FastifyInstance, opts: CheckedInjectOptions): Promise<LightMyRequestResponse> {
  const { expect, ...request } = opts;
  const method = (request.method ?? 'GET').toUpperCase();
  const contract = await contractOf(app);
  const r = await app.inject({ ...request, method } as InjectOptions);
  const problems = contractProblems(contract, method, request.url, r, expect);
  assert.deepEqual(problems, [], problems.join('\n'));
  return r;
}
