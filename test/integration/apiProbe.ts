/**
 * Probe routes for the API tests: added by a test to the app buildApi returns (before its
 * first request), on the engine's real queries, with the shared parameters of params.ts.
 * They give the tests of the parameters, the error handling and the contract real routes
 * over real data whatever other routes exist: the document lists them like any other
 * (the common error responses come from buildApi's onRoute hook), so the contract check
 * and the property test cover them too.
 *
 * - GET /probe/signatures?since&until&limit&offset: the error signatures of failed runs in
 *   the window (Analyses.signatures: SQL with `since`), paged: the route that answered 503
 *   to `since=…-16:00` in issue 24 before the time parameters were normalised.
 * - GET /probe/scenario/{id}: a scenario by UUID (404 for an unknown one: the id alone).
 * - GET /probe/user/{id}: a user's journey summary (any id of UserIdParam; 404 unknown).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PagingQuery, TimeRangeQuery, UserIdParam, timeRange } from '../../src/api/params';
import type { Db } from '../../src/db/db';
import type { Engine } from '../../src/engine/engine';
import { userJourney } from '../../src/engine/overview';

const closed = { additionalProperties: false } as const;
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Signatures = Type.Object(
  {
    since: Nullable(Timestamp),
    until: Nullable(Timestamp),
    total: Type.Integer({ minimum: 0 }),
    failures: Type.Integer({ minimum: 0, description: 'failed runs of all the signatures in the window' }),
    items: Type.Array(Type.Object({ signature: Type.String(), count: Type.Integer({ minimum: 1 }), last_seen: Timestamp }, closed)),
  },
  closed,
);
const Scenario = Type.Object({ scenario_id: Type.String({ format: 'uuid' }), scenario_name: Type.String(), runs: Type.Integer({ minimum: 0 }) }, closed);
const Journey = Type.Object({ user_id: Type.String(), sessions: Type.Integer({ minimum: 0 }), runs_started: Type.Integer({ minimum: 0 }) }, closed);

export function addProbeRoutes(app: FastifyInstance, deps: { engine: () => Promise<Engine>; reporting: Db | null }): void {
  app.get<{ Querystring: { since?: string; until?: string; limit?: number; offset?: number } }>('/probe/signatures', {
    schema: {
      operationId: 'probeSignatures',
      tags: ['meta'],
      summary: 'test probe: error signatures in a window',
      querystring: Type.Object({ ...TimeRangeQuery, ...PagingQuery }, closed),
      response: { 200: Signatures },
    },
  }, async (req) => {
    const { since, until } = timeRange(req.query);
    const { limit = 100, offset = 0 } = req.query;
    const all = await (await deps.engine()).primary.signatures(since ?? undefined, until ?? undefined);
    return {
      since,
      until,
      total: all.length,
      failures: all.reduce((n, s) => n + s.count, 0),
      items: all.slice(offset, offset + limit).map((s) => ({ signature: s.signature, count: s.count, last_seen: s.last_seen })),
    };
  });

  app.get<{ Params: { id: string } }>('/probe/scenario/:id', {
    schema: {
      operationId: 'probeScenario',
      tags: ['meta'],
      summary: 'test probe: a scenario',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }, closed),
      response: { 200: Scenario },
    },
  }, async (req) => {
    const s = await (await deps.engine()).read((a) => a.requireScenario(req.params.id));
    return { scenario_id: s.scenario_id, scenario_name: s.scenario_name, runs: s.runs };
  });

  app.get<{ Params: { id: string } }>('/probe/user/:id', {
    schema: { operationId: 'probeUser', tags: ['meta'], summary: 'test probe: a user\'s journey', params: UserIdParam, response: { 200: Journey } },
  }, async (req) => {
    if (!deps.reporting) throw new Error('the probe needs a reporting database');
    const j = await userJourney(deps.reporting, req.params.id, 3660);
    const actions = j.sessions.flatMap((s) => s.actions);
    return { user_id: j.user.user_id, sessions: j.sessions.length, runs_started: actions.filter((a) => a.event_type === 'RUN_STARTED').length };
  });
}
