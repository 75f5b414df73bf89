/**
 * The read-only HTTP API of `serve` (Fastify): the engine's answers as JSON. Every route is
 * a GET (HEAD too; any other method 405) with schema-validated parameters and response
 * schemas (TypeBox): the OpenAPI 3.1 document at /openapi.json is generated from them, and
 * every status a route can answer is in it (the common errors are added to each route
 * here). No SQL but the engine's own files; bad input → 400 and unknown ids → 404 with one
 * message; a bearer token when configured (required off the loopback), a request size
 * limit and a rate limit. The /rca routes are in rcaRoutes.ts, their parameters in params.ts.
 * Without a token only loopback Host names are answered (DNS rebinding); failed
 * authentications have their own limit; every error has one shape (`ApiError`) and its
 * details (database text, host, database) go to the server log only.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { BlockList, isIP } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { HealthReport } from '../core/health';
import { HealthReportSchema, healthJson } from '../core/healthSchema';
import { redact } from '../core/redact';
import { ERROR_KINDS, UserError } from '../core/errors';
import type { Db } from '../db/db';
import type { Engine } from '../engine/engine';
import type { LogSource } from '../logs/types';
import { AuthLimiter } from './authLimiter';
import { PATTERN_RULES, TIME_PARAMS, TIME_RULE } from './params';
import { registerRcaRoutes } from './rcaRoutes';

export interface ApiOptions {
  /** The engine answering (recreated by the caller after an ETL run may have created the schema). */
  engine: () => Promise<Engine>;
  /** The reporting database (the /rca routes read it); null without one. */
  reporting: Db | null;
  health: () => Promise<HealthReport>;
  logSources: () => LogSource[];
  /** Bearer token; null = none (allowed on the loopback only, see `requireTokenOffLoopback`). */
  token: string | null;
  /** Requests per minute per client address. Default 600. */
  rateLimitPerMinute?: number;
  /** Failed authentications per minute per client address before it gets 429. Default 10. */
  authFailuresPerMinute?: number;
  /** The --host it listens on: a Host name answered without a token, besides the loopback ones. */
  host?: string;
  /** The server log (serve's JSON lines): the details of 5xx errors and auth lockouts. */
  log?: (event: Record<string, unknown>) => void;
  /** The clock of the failed-authentication limit (tests). Default Date.now. */
  now?: () => number;
  version?: string;
}

/**
 * The longest path parameter routed, after URL decoding, in UTF-16 code units: ids are at
 * most 200 characters (the schemas say so: 400 beyond), and 200 characters outside the
 * Basic Multilingual Plane take 400 units. Longer: 414 before routing.
 */
const MAX_PARAM = 400;

/** The one error shape of every route and status (components/schemas/ApiError in the OpenAPI document). */
const ApiErrorSchema = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599, description: 'the HTTP status again', examples: [404] }),
    error: Type.String({ description: 'the status\'s reason phrase', examples: ['Not Found'] }),
    message: Type.String({ description: 'one message for people: never SQL text, a stack, a host, a port or a database name', examples: ['unknown scenario id 3f1c0000-0000-4000-8000-000000000000'] }),
  },
  { $id: 'ApiError', additionalProperties: false, description: 'An error: the HTTP status, its reason phrase and one message' },
);
type ApiError = Static<typeof ApiErrorSchema>;

/** What a client should do with each status, said once (the document's responses and docs/operations.md). */
const STATUS_MEANING: Record<number, string> = {
  400: 'a malformed id, parameter or URL: the message names which and why. Fix the request; retrying it unchanged gives the same answer.',
  401: 'no valid bearer token (only when the server has one): send Authorization: Bearer <token>.',
  404: 'an unknown id (the message names it) or no such route: check the id; an id newer than the last ETL may appear after the next load.',
  414: 'a path parameter longer than 400 characters after URL decoding: shorten it (ids are at most 200 characters).',
  421: 'a Host name other than the loopback\'s (only when the server has no token): address the server as localhost, 127.0.0.1 or [::1], or give it a token.',
  429: 'over the request limit, or too many failed authentications from this client: wait the Retry-After seconds, then retry.',
  500: 'a bug (the details are in the server log): report it; retrying rarely helps.',
  503: 'the database cannot answer (the details are in the server log): retry later with backoff.',
};

/** Response headers of the document, by status. */
const ERROR_HEADERS: Record<number, Record<string, unknown>> = {
  401: { 'www-authenticate': { type: 'string', description: 'Bearer' } },
  429: { 'retry-after': { type: 'integer', minimum: 0, description: 'seconds to wait before retrying' } },
};

/** An error response of the document: what a client should do, the ApiError shape and an example. */
function errorResponse(status: number, message: string): Record<string, unknown> {
  const example: ApiError = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
  return {
    description: `${STATUS_CODES[status]}: ${STATUS_MEANING[status]}`,
    ...(ERROR_HEADERS[status] ? { headers: ERROR_HEADERS[status] } : {}),
    content: { 'application/json': { schema: { $ref: 'ApiError#' }, example } },
  };
}

const EXAMPLE_ID = '3f1c0000-0000-4000-8000-000000000000';
/** The statuses the server's hooks answer before a route's handler: documented the server's way on every route. */
const SERVER_STATUSES = [401, 414, 421, 429, 500] as const;
/** The error responses a route can answer, added to each route's schema by the onRoute hook below (a route's own win). */
function errorResponsesOf(route: { params: boolean; query: boolean; database: boolean }): Record<number, Record<string, unknown>> {
  const out: Record<number, Record<string, unknown>> = {};
  if (route.params || route.query) out[400] = errorResponse(400, route.params ? 'id is not a UUID' : `query parameter since ${TIME_RULE}`);
  out[401] = errorResponse(401, 'a valid bearer token is required (Authorization: Bearer …)');
  if (route.params) {
    out[404] = errorResponse(404, `unknown scenario id ${EXAMPLE_ID}`);
    out[414] = errorResponse(414, `a path parameter is longer than ${MAX_PARAM} characters`);
  }
  out[421] = errorResponse(421, 'this server answers only requests addressed to the loopback (Host: localhost, 127.0.0.1 or [::1]) unless it has a token');
  out[429] = errorResponse(429, 'rate limit: at most 600 requests per minute');
  out[500] = errorResponse(500, 'internal error');
  if (route.database) out[503] = errorResponse(503, 'database unavailable');
  return out;
}

/** The OpenAPI document's own answer (loosely: it is described by the OpenAPI specification itself). */
const OpenApiDocumentSchema = Type.Object(
  {
    openapi: Type.String({ examples: ['3.1.0'] }),
    info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }),
    servers: Type.Array(Type.Object({ url: Type.String() }, { additionalProperties: true })),
    paths: Type.Record(Type.String(), Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true, description: 'This OpenAPI 3.1 document' },
);

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `localhost`, or an address (parsed, not matched as text) in 127.0.0.0/8 or ::1 (IPv4-mapped too). */
export function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** The name of a Host header without its port (`[::1]:8787` → `::1`), lower case; null when malformed. */
export function hostName(header: string | undefined): string | null {
  const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(header ?? '') ?? /^([^:[\]\s]+)(?::\d{1,5})?$/.exec(header ?? '');
  return m ? m[1].toLowerCase() : null;
}

/** Refuses to listen off the loopback without a token (one clear message, exit 1). */
export function requireTokenOffLoopback(host: string, token: string | null): void {
  if (!isLoopback(host) && !token) {
    throw new UserError(`serve --host ${host}: the API is reachable from other machines, so it needs a bearer token (--token-file FILE or CLEARSIGHT_API_TOKEN)`);
  }
}

function sameToken(given: string, expected: string): boolean {
  // Hashes first: equal lengths for timingSafeEqual, nothing learnt from the length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * An error as its HTTP answer, by its kind (core/errors ERROR_KINDS): unknown ids 404 (the id
 * alone, not where it was looked up), bad input 400, the database 503 and anything else 500
 * (those two with a fixed message: their details go to the server log), Fastify's own 4xx
 * (body too large, rate limit) as they are.
 */
function answerOf(err: unknown): { status: number; message: string; logDetails: boolean } {
  if (err instanceof UserError) {
    const { httpStatus, httpMessage } = ERROR_KINDS[err.kind];
    return { status: httpStatus, message: httpMessage ?? err.publicMessage, logDetails: httpMessage !== null };
  }
  const e = err as FastifyError;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, message: String(e.message), logDetails: false };
  const { httpStatus, httpMessage } = ERROR_KINDS.bug;
  return { status: httpStatus, message: httpMessage ?? 'internal error', logDetails: true };
}

/** The ApiError body. */
function apiError(status: number, message: string): ApiError {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
}

/**
 * The client a limit counts against: its address; an IPv6 one by its /64 (what one host or
 * network usually holds, as @fastify/rate-limit counts), an IPv4-mapped one as IPv4.
 */
export function clientKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const address = ip.toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1];
  const groups = (text: string): string[] => (text ? text.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head, tail] = address.split('::');
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
const clientOf = (req: FastifyRequest): string => clientKey(req.ip);

/** The methods every route answers (HEAD: the GET without its body). */
const ALLOW = 'GET, HEAD';

/** A route pattern (`/rca/scenario/:id/audit-trail`) as a regular expression over raw paths. */
function pathPattern(url: string): RegExp {
  const parts = url.split('/').map((p) => (p.startsWith(':') ? '[^/]*' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}$`);
}

/** A request path as it may be repeated in a message: without the query, at most 120 characters. */
const shownPath = (url: string): string => {
  const path = url.split('?')[0];
  return path.length > 120 ? `${path.slice(0, 119)}…` : path;
};

export async function buildApi(o: ApiOptions): Promise<FastifyInstance> {
  const log = o.log ?? ((): void => undefined);
  // Without a token, only names that cannot be an attacker's (DNS rebinding): the loopback's and --host.
  const hostAllowed = (header: string | undefined): boolean => {
    const name = hostName(header);
    return name !== null && (isLoopback(name) || name === o.host?.toLowerCase());
  };
  const refuseHost = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (o.token || hostAllowed(req.headers.host)) return false;
    void reply.code(421).send(apiError(421, 'this server answers only requests addressed to the loopback (Host: localhost, 127.0.0.1 or [::1]) unless it has a token'));
    return true;
  };
  const app = Fastify({
    logger: false,
    bodyLimit: 16 * 1024,
    routerOptions: { maxParamLength: MAX_PARAM },
    // Errors raised before routing (an overlong parameter, a malformed URL) in the same shape, without echoing the path.
    frameworkErrors: (err, req, reply) => {
      if (refuseHost(req, reply)) return;
      const status = err.statusCode === 414 ? 414 : 400;
      void (reply as FastifyReply).code(status).send(apiError(status, status === 414 ? `a path parameter is longer than ${MAX_PARAM} characters` : 'the URL is not valid'));
    },
    // Requests Node cannot parse, answered before Fastify sees them, in the same shape: an
    // unknown method 501 (RFC 9110: known methods get 405 from the hook below), else 400.
    clientErrorHandler: (err, socket) => {
      const code = (err as { code?: string }).code;
      if (code === 'ECONNRESET' || socket.destroyed) return;
      const [status, message] =
        code === 'HPE_INVALID_METHOD'
          ? [501, `unknown method: every route answers ${ALLOW} only`]
          : code === 'HPE_HEADER_OVERFLOW'
            ? [431, 'the request headers are too large']
            : code === 'ERR_HTTP_REQUEST_TIMEOUT'
              ? [408, 'the request took too long to arrive']
              : [400, 'the request is not valid HTTP'];
      const body = JSON.stringify(apiError(status, message));
      const allow = status === 501 ? `Allow: ${ALLOW}\r\n` : '';
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${allow}Connection: close\r\n\r\n${body}`);
    },
    // One message for a bad parameter: the first schema error, phrased for people.
    ajv: { customOptions: { allErrors: false, coerceTypes: true, removeAdditional: false } },
    schemaErrorFormatter: (errs, dataVar) => {
      const e = errs[0];
      const p = e.params as { missingProperty?: string; additionalProperty?: string; format?: string; pattern?: string };
      const field = e.instancePath.replace(/^\//, '') || p.missingProperty || p.additionalProperty || dataVar;
      const where = dataVar === 'params' ? '' : dataVar === 'querystring' ? 'query parameter ' : `${dataVar} `;
      const what =
        dataVar === 'querystring' && TIME_PARAMS.has(field)
          ? TIME_RULE
          : e.keyword === 'additionalProperties'
            ? 'is not a parameter of this route'
            : e.keyword === 'format'
              ? `is not a ${p.format === 'uuid' ? 'UUID' : p.format}`
              : e.keyword === 'pattern'
                ? (PATTERN_RULES[p.pattern ?? ''] ?? 'is not valid')
                : (e.message ?? 'is not valid');
      return new Error(`${where}${field} ${what}`);
    },
  });
  // Answers are what the handler returned, as JSON.stringify writes it (not fitted to the
  // response schema: nothing dropped or coerced), so that the tests validating every answer
  // against the OpenAPI document see exactly what a client gets.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // Every route: its GET path for the 405 check, and the errors it can answer in its schema:
  // those the server's hooks answer (401, 414, 421, 429, 500) as the server says; a route's
  // own 400, 404 or 503 (its handler's, more specific) kept when it has one.
  const getPaths: RegExp[] = [];
  app.addHook('onRoute', (route) => {
    if (route.method === 'GET') getPaths.push(pathPattern(route.url));
    const schema = (route.schema ??= {}) as { params?: unknown; querystring?: unknown; response?: Record<string, unknown> };
    const database = (route.config as { database?: boolean } | undefined)?.database !== false;
    const errors = errorResponsesOf({ params: schema.params !== undefined, query: schema.querystring !== undefined, database });
    const own = schema.response ?? {};
    schema.response = { ...errors, ...own };
    for (const status of SERVER_STATUSES) if (errors[status]) schema.response[status] = errors[status];
    // Only a path parameter can be too long.
    if (schema.params === undefined) delete schema.response[414];
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ClearSight RCA',
        description: [
          'Read-only root-cause analysis of ClearSight forecast scenarios: the same engine and JSON shapes as the clearsight-rca command.',
          'Every route answers GET and HEAD only: any other method on a route answers 405 with `Allow: GET, HEAD`; an unknown path answers 404.',
          'Every error is an ApiError; its message never names a host, a port or a database.',
        ].join('\n\n'),
        version: o.version ?? '0.1.0',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      tags: [
        { name: 'meta', description: 'This document' },
        { name: 'operations', description: 'The ETL\'s health' },
        { name: 'rca', description: 'The design\'s root-cause analysis endpoints (read the reporting schema)' },
      ],
      // The bearer scheme when the server has a token (then every route needs it); none otherwise.
      ...(o.token
        ? { components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the token of serve --token-file or CLEARSIGHT_API_TOKEN' } } }, security: [{ bearer: [] }] }
        : { security: [] }),
    },
    // Shared schemas under their own names: #/components/schemas/ApiError.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.addSchema(ApiErrorSchema);
  app.addSchema(HealthReportSchema);
  await app.register(rateLimit, {
    global: false, // hooked below, before the token check, so that failed authentications count too
    max: o.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    keyGenerator: clientOf,
    errorResponseBuilder: (_req, ctx) => apiError(429, `rate limit: at most ${ctx.max} requests per minute`),
  });

  // In this order: the Host check, the request limit, the failed-authentication limit, the token, the method.
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (refuseHost(req, reply)) return reply;
  });
  app.addHook('onRequest', app.rateLimit());
  const failures = new AuthLimiter({ max: o.authFailuresPerMinute ?? 10, windowMs: 60_000, now: o.now ?? Date.now });
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!o.token) return;
    const client = clientOf(req);
    const wait = failures.blockedFor(client);
    if (wait > 0) {
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(wait / 1000)))
        .send(apiError(429, `too many failed authentications from this client: try again in ${Math.ceil(wait / 1000)} s`));
    }
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !sameToken(m[1], o.token)) {
      if (failures.fail(client)) log({ event: 'http_auth_limited', client, failures: o.authFailuresPerMinute ?? 10 });
      return reply.code(401).header('www-authenticate', 'Bearer').send(apiError(401, 'a valid bearer token is required (Authorization: Bearer …)'));
    }
  });
  // Any other method: 405 on a route's path, 404 elsewhere, before a body is read (so never a 400 about its Content-Type).
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const path = req.url.split('?')[0];
    if (getPaths.some((p) => p.test(path))) {
      return reply.code(405).header('allow', ALLOW).send(apiError(405, `${req.method} is not allowed: every route answers ${ALLOW} only`));
    }
    return reply.code(404).send(apiError(404, `no such route: ${req.method} ${shownPath(req.url)}`));
  });
  app.setErrorHandler((err: Error, req, reply) => {
    const { status, message, logDetails } = answerOf(err);
    if (logDetails) log({ event: 'http_error', status, method: req.method, path: req.url.split('?')[0], error: redact(err instanceof Error ? err.message : String(err)) });
    void reply.code(status).send(apiError(status, message));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(apiError(404, `no such route: ${req.method} ${shownPath(req.url)}`));
  });

  app.get('/openapi.json', {
    config: { database: false },
    schema: {
      operationId: 'openApiDocument',
      tags: ['meta'],
      summary: 'This OpenAPI 3.1 document',
      description: '`servers` names the address the server listens on (or `/`, this document\'s own origin, when it listens on every interface).',
      response: { 200: OpenApiDocumentSchema },
    },
  }, async () => ({ ...app.swagger(), servers: serversOf(app, o.host) }));

  app.get('/health', {
    schema: {
      operationId: 'health',
      tags: ['operations'],
      summary: 'The ETL\'s health verdict (clearsight-rca health)',
      description: 'The verdict and its checks: 200 when ok or warning, 503 with the same body when critical. A 503 in the ApiError shape instead means the reporting database cannot answer at all.',
      response: {
        200: { description: 'ok or warning', $ref: 'HealthReport#' },
        503: {
          description: `critical (a HealthReport: act on its checks), or the database cannot answer (an ApiError: ${STATUS_MEANING[503]})`,
          anyOf: [{ $ref: 'HealthReport#' }, { $ref: 'ApiError#' }],
        },
      },
    },
  }, async (_req, reply) => {
    const h = healthJson(await o.health());
    return reply.code(h.status === 'critical' ? 503 : 200).send(h);
  });

  registerRcaRoutes(app, { engine: o.engine, reporting: o.reporting, logSources: o.logSources });
  return app;
}

/** The document's `servers`: the address listened on, or `/` (the document's own origin) before listening or on a wildcard address. */
function serversOf(app: FastifyInstance, host: string | undefined): Array<{ url: string; description: string }> {
  const address = app.server.address();
  if (host && address && typeof address === 'object' && host !== '0.0.0.0' && host !== '::') {
    const name = isIP(host) === 6 ? `[${host}]` : host;
    return [{ url: `http://${name}:${address.port}`, description: 'the address serve listens on' }];
  }
  return [{ url: '/', description: 'this document\'s own origin' }];
}
