/**
 * The read-only HTTP API of `serve` (Fastify): the engine's answers as JSON, equal to the
 * command line's `--json` shapes. Every route is a GET with schema-validated parameters
 * (the OpenAPI document at /openapi.json is generated from those schemas), no SQL but the
 * engine's own files, bad ids → 400 and unknown ids → 404 with one message, a bearer token
 * when configured (required off the loopback), a request size limit and a rate limit.
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
import type { HealthReport } from '../core/health';
import { redact } from '../core/redact';
import { ERROR_KINDS, UserError } from '../core/errors';
import type { Db } from '../db/db';
import { lifecycleJson, scenarioErrors, timelineJson } from '../engine/contract';
import { runDiagnostics, runVerdict } from '../engine/diagnostics';
import type { Engine } from '../engine/engine';
import { userJourney } from '../engine/overview';
import type { LogSource } from '../logs/types';
import { AuthLimiter } from './authLimiter';

export interface ApiOptions {
  /** The engine answering (recreated by the caller after an ETL run may have created the schema). */
  engine: () => Promise<Engine>;
  /** The reporting database (user journeys read it only); null without one. */
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

const UUID = { type: 'string', format: 'uuid', description: 'a UUID' } as const;
/** The one error shape of every route (components/schemas/ApiError in the OpenAPI document). */
const API_ERROR = {
  $id: 'ApiError',
  type: 'object',
  description: 'An error: the HTTP status, its reason phrase and one message for people (never SQL text, a host or a database name)',
  required: ['statusCode', 'error', 'message'],
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
  additionalProperties: false,
} as const;
const errorRef = (description: string) => ({ description, $ref: 'ApiError#' }) as const;
/** Errors any route may answer. */
const commonErrors = {
  401: errorRef('no valid bearer token (when the server has one)'),
  421: errorRef('a Host name other than the loopback\'s (when the server has no token)'),
  429: errorRef('over the request limit, or too many failed authentications (Retry-After says when to try again)'),
  500: errorRef('internal error (the details are in the server log)'),
};
const errors = {
  400: errorRef('a malformed id or parameter'),
  404: errorRef('an unknown id'),
  414: errorRef('a path parameter longer than 200 characters'),
  ...commonErrors,
  503: errorRef('the database cannot answer (the details are in the server log)'),
};
const idParams = (name: string, description: string) => ({ type: 'object', required: [name], properties: { [name]: { ...UUID, description } }, additionalProperties: false }) as const;

const TIMELINE_ITEM = {
  type: 'object',
  properties: {
    event_type: { type: 'string' },
    event_timestamp: { type: 'string', format: 'date-time' },
    event_user: { type: ['string', 'null'] },
    node_id: { type: ['string', 'null'] },
    node_name: { type: ['string', 'null'] },
    run_id: { type: ['string', 'null'] },
    request_id: { type: ['string', 'null'] },
    description: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

/** The verdict on a failure (src/core/culprit/verdict.ts), as `explain --json` has it. */
const VERDICT_FIELDS = {
  confidence: { type: 'string', enum: ['strong', 'weak', 'none'] },
  verdict: {
    type: 'object',
    required: ['kind', 'node_id', 'summary'],
    properties: {
      kind: { type: 'string', enum: ['input', 'infrastructure', 'unknown'] },
      node_id: { type: ['string', 'null'], description: 'the blamed input: only for kind input with confidence strong' },
      summary: { type: 'string', description: 'one plain sentence (names and data as Markdown code spans)' },
    },
  },
} as const;
const WITH_VERDICT = { type: 'object', required: ['confidence', 'verdict'], properties: VERDICT_FIELDS, additionalProperties: true } as const;

const HEALTH = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'warning', 'critical'] },
    checks: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, status: { type: 'string', enum: ['ok', 'warning', 'critical'] }, detail: { type: 'string' } } } },
    success_rate: {
      type: 'object',
      properties: {
        window: { type: 'integer' },
        runs: { type: 'integer' },
        succeeded: { type: 'integer' },
        failed: { type: 'integer' },
        cancelled: { type: 'integer' },
        rate: { type: ['number', 'null'] },
        since: { type: ['string', 'null'] },
      },
    },
    metrics: {
      type: 'array',
      description: "the design's four metrics, in this order: etl_success_rate, data_freshness, row_count_growth, etl_duration (src/core/health.ts)",
      items: {
        type: 'object',
        required: ['name', 'status', 'value', 'unit', 'target', 'detail', 'facts'],
        properties: {
          name: { type: 'string', enum: ['etl_success_rate', 'data_freshness', 'row_count_growth', 'etl_duration'] },
          status: { type: 'string', enum: ['ok', 'warning', 'critical'] },
          value: { type: ['number', 'null'], description: 'the measure in unit (null: nothing to measure yet)' },
          unit: { type: 'string', enum: ['percent', 'minutes', 'percent_deviation', 'seconds'] },
          target: { type: 'string', description: 'the design\'s target in words' },
          detail: { type: 'string' },
          facts: { type: 'object', additionalProperties: { type: ['number', 'string', 'null'] } },
        },
      },
    },
  },
} as const;

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
function apiError(status: number, message: string): { statusCode: number; error: string; message: string } {
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
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (an overlong parameter, a malformed URL) in the same shape, without echoing the path.
    frameworkErrors: (err, req, reply) => {
      if (refuseHost(req, reply)) return;
      const status = err.statusCode === 414 ? 414 : 400;
      void (reply as FastifyReply).code(status).send(apiError(status, status === 414 ? 'a path parameter is longer than 200 characters' : 'the URL is not valid'));
    },
    // One message for a bad parameter: the first schema error, phrased for people.
    ajv: { customOptions: { allErrors: false, coerceTypes: true, removeAdditional: false } },
    schemaErrorFormatter: (errs, dataVar) => {
      const e = errs[0];
      const field = e.instancePath.replace(/^\//, '') || (e.params as { missingProperty?: string }).missingProperty || dataVar;
      const what = e.keyword === 'format' ? `is not a ${(e.params as { format: string }).format === 'uuid' ? 'UUID' : (e.params as { format: string }).format}` : e.message ?? 'is not valid';
      return new Error(`${dataVar === 'params' ? '' : `${dataVar} `}${field} ${what}`);
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'ClearSight RCA', description: 'Read-only root-cause analysis API (the same engine and JSON shapes as the clearsight-rca command).', version: o.version ?? '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: o.token ? [{ bearer: [] }] : [],
    },
    // Shared schemas under their own names: #/components/schemas/ApiError.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.addSchema(API_ERROR);
  await app.register(rateLimit, {
    global: false, // hooked below, before the token check, so that failed authentications count too
    max: o.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    keyGenerator: clientOf,
    errorResponseBuilder: (_req, ctx) => apiError(429, `rate limit: at most ${ctx.max} requests per minute`),
  });

  // In this order: the Host check, the request limit, the failed-authentication limit, the token.
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
  app.setErrorHandler((err: Error, req, reply) => {
    const { status, message, logDetails } = answerOf(err);
    if (logDetails) log({ event: 'http_error', status, method: req.method, path: req.url.split('?')[0], error: redact(err instanceof Error ? err.message : String(err)) });
    void reply.code(status).send(apiError(status, message));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(apiError(404, `no such route: ${req.method} ${req.url.split('?')[0]}`));
  });

  const read = async <T>(fn: (e: Engine) => Promise<T>): Promise<T> => fn(await o.engine());

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/health', {
    schema: {
      summary: 'Health verdict (clearsight-rca health): 200 when ok or warning, 503 when critical',
      response: {
        200: HEALTH,
        // The verdict when critical; the error shape when the database cannot answer at all.
        503: { description: 'critical, or the database cannot answer', anyOf: [HEALTH, { $ref: 'ApiError#' }] },
        ...commonErrors,
      },
    },
  }, async (_req, reply) => {
    const h = await o.health();
    return reply.code(h.status === 'critical' ? 503 : 200).send(h);
  });

  app.get<{ Params: { id: string } }>('/scenarios/:id/timeline', {
    schema: { summary: 'A scenario\'s audit trail (clearsight-rca timeline)', params: idParams('id', 'scenario id'), response: { 200: { type: 'array', items: TIMELINE_ITEM }, ...errors } },
  }, async (req) => timelineJson(await read((e) => e.read((a) => a.timeline(req.params.id)))));

  app.get<{ Params: { id: string } }>('/scenarios/:id/lifecycle', {
    schema: { summary: 'Lifecycle changes: created, updated, submitted, locked (timeline entries)', params: idParams('id', 'scenario id'), response: { 200: { type: 'array', items: TIMELINE_ITEM }, ...errors } },
  }, async (req) => lifecycleJson(await read((e) => e.read((a) => a.timeline(req.params.id)))));

  app.get<{ Params: { id: string } }>('/scenarios/:id/comparison', {
    schema: { summary: 'Last success vs first failure, most likely cause first, with the verdict (clearsight-rca diff --scenario)', params: idParams('id', 'scenario id'), response: { 200: WITH_VERDICT, ...errors } },
  }, async (req) => read((e) => e.read((a) => a.diffScenario(req.params.id))));

  app.get<{ Params: { id: string } }>('/scenarios/:id/errors', {
    schema: { summary: 'A scenario\'s error summary: its failed runs by signature and category', params: idParams('id', 'scenario id'), response: { 200: { type: 'object', additionalProperties: true }, ...errors } },
  }, async (req) => read((e) => e.read((a) => scenarioErrors(a, req.params.id))));

  app.get<{ Params: { id: string } }>('/runs/:id/diagnostics', {
    schema: { summary: 'A run, its failed nodes, error category, log lines and the verdict on its failure (the logs as evidence)', params: idParams('id', 'run id'), response: { 200: WITH_VERDICT, ...errors } },
  }, async (req) =>
    read(async (e) => {
      const sources = o.logSources();
      const d = await runDiagnostics(e, req.params.id, sources);
      return { ...d, ...(await runVerdict(e, d, sources.length > 0)) };
    }));

  app.get<{ Querystring: { since?: string; until?: string; limit?: number } }>('/errors/top', {
    schema: {
      summary: 'Error signatures with their categories, most frequent first (clearsight-rca signatures)',
      querystring: {
        type: 'object',
        properties: { since: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
        additionalProperties: false,
      },
      response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errors },
    },
  }, async (req) => {
    const { since, until, limit = 50 } = req.query;
    return (await read((e) => e.primary.signatures(since, until))).slice(0, limit);
  });

  app.get<{ Params: { id: string }; Querystring: { days?: number } }>('/users/:id/journey', {
    schema: {
      summary: 'A user\'s journey: sessions of actions, days, scenarios touched (reporting schema)',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[A-Za-z0-9._@+-]{1,100}$', description: 'user id (as in created_by / run_by)' } }, additionalProperties: false },
      querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 3660, default: 30 } }, additionalProperties: false },
      response: { 200: { type: 'object', additionalProperties: true }, ...errors },
    },
  }, async (req) => {
    if (!o.reporting) throw new UserError('user journeys read the reporting schema: serve needs --reporting');
    return userJourney(o.reporting, req.params.id, req.query.days ?? 30);
  });

  return app;
}
