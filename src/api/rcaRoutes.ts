/**
 * The design's seven `/rca/...` routes (tag `rca`): read-only answers over the reporting
 * schema (src/engine/rca), their parameters and responses as TypeBox schemas (the responses
 * those of src/engine/rca/schemas.ts, registered by $id so the OpenAPI document names them).
 * Without a reporting database, or with one the ETL has not brought to the audit layer, every
 * route answers 503 with a message saying so. Time parameters are normalised to UTC first
 * (params.ts): a bad one is a 400 naming it, never a database error.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import type { Db } from '../db/db';
import type { Engine } from '../engine/engine';
import { Rca, rcaUnavailable } from '../engine/rca/rca';
import { AUDIT_SOURCES, RCA_SCHEMAS } from '../engine/rca/schemas';
import { LOG_LEVELS, type LogLevelFilter } from '../engine/rca/shape';
import type { LogSource } from '../logs/types';
import { PagingQuery, TimeRangeQuery, USER_ID_PATTERN, UserIdParam, timeRange } from './params';

export interface RcaDeps {
  engine: () => Promise<Engine>;
  reporting: Db | null;
  logSources: () => LogSource[];
}

const err = (description: string) => ({ description, $ref: 'ApiError#' }) as const;
const ERRORS = {
  400: err('a malformed id or parameter (the message names it)'),
  401: err('no valid bearer token (when the server has one)'),
  404: err('an unknown scenario, run or user (the message names the id)'),
  414: err('a path parameter longer than 200 characters'),
  421: err('a Host name other than the loopback\'s (when the server has no token)'),
  429: err('over the request limit, or too many failed authentications (Retry-After says when to try again)'),
  500: err('internal error (the details are in the server log)'),
  503: err('no reporting schema with the audit layer (serve needs --reporting and a loaded schema), or the database cannot answer'),
};
const ref = (id: string, description: string) => ({ description, $ref: `${id}#` }) as const;
const Id = (description: string) => Type.Object({ id: Type.String({ format: 'uuid', description }) }, { additionalProperties: false });
const Query = (props: Record<string, TSchema>) => Type.Object(props, { additionalProperties: false });
const Uuid = (description: string) => Type.String({ format: 'uuid', description });
/** A comma-separated list of words (sources, event types). */
const list = (words: string, description: string, examples: string[]) => Type.String({ pattern: `^${words}(,${words}){0,19}$`, maxLength: 1000, description, examples });
const split = (text: string | undefined): string[] | undefined => (text === undefined ? undefined : text.split(','));

const DEFAULT_PAGE = 100;

/** The seven GET routes of the design under /rca (operationIds and tag `rca`). */
export function registerRcaRoutes(app: FastifyInstance, deps: RcaDeps): void {
  for (const s of RCA_SCHEMAS) if (!app.getSchema(s.$id!)) app.addSchema(s);

  /** The engine over the reporting schema, or a 503 sent (and null). */
  const rca = async (reply: FastifyReply): Promise<Rca | null> => {
    const reason = deps.reporting ? await rcaUnavailable(deps.reporting) : 'the /rca endpoints read the reporting schema: serve needs --reporting';
    if (reason === null) return new Rca(deps.reporting!);
    void reply.code(503).send({ statusCode: 503, error: STATUS_CODES[503], message: reason });
    return null;
  };
  const common = { tags: ['rca'] };

  app.get<{ Params: { id: string }; Querystring: { since?: string; until?: string; source?: string; event_type?: string; user?: string; limit?: number; offset?: number } }>(
    '/rca/scenario/:id/audit-trail',
    {
      schema: {
        ...common,
        operationId: 'auditTrail',
        summary: 'A scenario\'s unified audit trail (view_scenario_audit_trail): events, state changes, user actions, run diagnostics and warning/error logs, oldest first, paged',
        params: Id('scenario id'),
        querystring: Query({
          ...TimeRangeQuery,
          source: Type.Optional(list(`(${AUDIT_SOURCES.join('|')})`, 'only these sources (comma-separated)', ['state_change,log'])),
          event_type: Type.Optional(list('[A-Za-z0-9_.:-]{1,100}', 'only these event types (comma-separated, exact)', ['RUN_FAILED,LOG_ERROR'])),
          user: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: USER_ID_PATTERN, description: 'only entries of this user id (up to 200 characters, no control characters)' })),
          ...PagingQuery,
        }),
        response: { 200: ref('AuditTrail', 'one page of the audit trail; total = entries matching the filters'), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await rca(reply);
      if (!r) return reply;
      const q = req.query;
      return r.auditTrail(req.params.id, { ...timeRange(q), sources: split(q.source), eventTypes: split(q.event_type), user: q.user, limit: q.limit ?? DEFAULT_PAGE, offset: q.offset ?? 0 });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { since?: string; until?: string; entity?: 'scenario' | 'run' } }>(
    '/rca/scenario/:id/state-changes',
    {
      schema: {
        ...common,
        operationId: 'stateChanges',
        summary: 'A scenario\'s lifecycle transitions (fact_scenario_state_change) in time order, and its status now',
        params: Id('scenario id'),
        querystring: Query({ ...TimeRangeQuery, entity: Type.Optional(Type.Union([Type.Literal('scenario'), Type.Literal('run')], { description: 'only the scenario\'s or only its runs\' transitions' })) }),
        response: { 200: ref('StateChanges', 'the transitions'), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await rca(reply);
      if (!r) return reply;
      return r.stateChanges(req.params.id, { ...timeRange(req.query), entity: req.query.entity });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { since?: string; until?: string; limit?: number } }>(
    '/rca/user/:id/journey',
    {
      schema: {
        ...common,
        operationId: 'userJourney',
        summary: 'A user\'s journey (fact_user_action): sessions (30 minutes without an action ends one), velocity and actions; by default the 30 days up to the latest action',
        params: UserIdParam,
        querystring: Query({ ...TimeRangeQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'at most this many actions, the latest (default 200)' })) }),
        response: { 200: ref('UserJourney', 'the journey'), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await rca(reply);
      if (!r) return reply;
      return r.journey(req.params.id, { ...timeRange(req.query), limit: req.query.limit ?? 200 });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { log_limit?: number; level?: LogLevelFilter } }>(
    '/rca/run/:id/diagnostics',
    {
      schema: {
        ...common,
        operationId: 'runDiagnostics',
        summary: 'A run: its card, failed nodes, log records (fact_cloudwatch_log), first stack trace and the verdict on its failure with the logs as evidence',
        params: Id('run id'),
        querystring: Query({
          log_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'at most this many log records, oldest first (default 200)' })),
          level: Type.Optional(Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)), { description: 'only records at this level or above' })),
        }),
        response: { 200: ref('RunDiagnostics', 'the diagnostics'), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await rca(reply);
      if (!r) return reply;
      return r.diagnostics(req.params.id, { logLimit: req.query.log_limit ?? 200, level: req.query.level });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from_run?: string; to_run?: string } }>(
    '/rca/scenario/:id/run-comparison',
    {
      schema: {
        ...common,
        operationId: 'runComparison',
        summary: 'Two runs of a scenario compared: by default the last success vs the first failure after it (culprit ranking and verdict as `diff --scenario`), or any two by from_run and to_run (both or neither); input changes, time gap and failure delta. No pair to compare: 200 with comparable false and the reason',
        params: Id('scenario id'),
        querystring: Query({ from_run: Type.Optional(Uuid('the earlier run (with to_run)')), to_run: Type.Optional(Uuid('the later run (with from_run)')) }),
        response: { 200: ref('RunComparison', 'the comparison (comparable false: why there is none)'), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await rca(reply);
      if (!r) return reply;
      return r.comparison(req.params.id, { fromRun: req.query.from_run, toRun: req.query.to_run });
    },
  );

  app.get<{ Querystring: { since?: string; until?: string; model_id?: string; limit?: number } }>(
    '/rca/errors/top-categories',
    {
      schema: {
        ...common,
        operationId: 'topErrorCategories',
        summary: 'Failed runs (failed or timeout) started in the window per design category (timeout, validation, calculation, database: all four), with share, scenarios, last seen, our finer categories and the top signatures',
        querystring: Query({
          ...TimeRangeQuery,
          model_id: Type.Optional(Uuid('only scenarios of this model')),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'top signatures per category (default 5)' })),
        }),
        response: { 200: ref('TopCategories', 'the four categories, most failures first'), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await rca(reply);
      if (!r) return reply;
      return r.topCategories({ ...timeRange(req.query), modelId: req.query.model_id, limit: req.query.limit ?? 5 });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { since?: string; until?: string } }>(
    '/rca/scenario/:id/error-summary',
    {
      schema: {
        ...common,
        operationId: 'errorSummary',
        summary: 'A scenario\'s failures of runs started in the window: counts, categories, signatures, failing nodes and error log records',
        params: Id('scenario id'),
        querystring: Query({ ...TimeRangeQuery }),
        response: { 200: ref('ErrorSummary', 'the summary'), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await rca(reply);
      if (!r) return reply;
      return r.errorSummary(req.params.id, timeRange(req.query));
    },
  );
}
