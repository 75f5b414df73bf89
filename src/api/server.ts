/**
 * The read-only HTTP API of `serve` (Fastify): the engine's answers as JSON, equal to the
 * command line's `--json` shapes. Every route is a GET with schema-validated parameters
 * (the OpenAPI document at /openapi.json is generated from those schemas), no SQL but the
 * engine's own files, bad ids → 400 and unknown ids → 404 with one message, a bearer token
 * when configured (required off the loopback), a request size limit and a rate limit.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { HealthReport } from '../core/health';
import { DbError, UserError, type Db } from '../db/db';
import { lifecycleJson, scenarioErrors, timelineJson } from '../engine/contract';
import { runDiagnostics, runVerdict } from '../engine/diagnostics';
import type { Engine } from '../engine/engine';
import { userJourney } from '../engine/overview';
import type { LogSource } from '../logs/types';

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
  version?: string;
}

const UUID = { type: 'string', format: 'uuid', description: 'a UUID' } as const;
const ERROR = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
} as const;
const errors = { 400: ERROR, 401: ERROR, 404: ERROR, 429: ERROR, 503: ERROR };
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
  properties: {
    status: { type: 'string', enum: ['ok', 'warning', 'critical'] },
    checks: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, status: { type: 'string', enum: ['ok', 'warning', 'critical'] }, detail: { type: 'string' } } } },
  },
} as const;

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\./.test(host);
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

/** An engine error as an HTTP status: unknown ids 404, bad input 400, the database 503. */
function statusOf(err: unknown): number {
  if (err instanceof DbError) return 503;
  if (err instanceof UserError) return err.exitCode === 2 ? 503 : /^unknown /.test(err.message) ? 404 : 400;
  const e = err as FastifyError;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return e.statusCode;
  return 500;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

export async function buildApi(o: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 16 * 1024,
    routerOptions: { maxParamLength: 200 },
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
  });
  await app.register(rateLimit, {
    max: o.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: 'Too Many Requests', message: `rate limit: at most ${ctx.max} requests per minute` }),
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!o.token) return;
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !sameToken(m[1], o.token)) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({ statusCode: 401, error: 'Unauthorized', message: 'a valid bearer token is required (Authorization: Bearer …)' });
    }
  });
  app.setErrorHandler((err: Error, _req, reply) => {
    const status = statusOf(err);
    const message = status === 500 ? 'internal error' : status === 503 ? `database unavailable: ${err.message}` : err.message;
    void reply.code(status).send({ statusCode: status, error: REASONS[status] ?? 'Error', message });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no such route: ${req.method} ${req.url.split('?')[0]}` });
  });

  const read = async <T>(fn: (e: Engine) => Promise<T>): Promise<T> => fn(await o.engine());

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/health', {
    schema: {
      summary: 'Health verdict (clearsight-rca health): 200 when ok or warning, 503 when critical',
      response: {
        200: HEALTH,
        503: HEALTH,
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
