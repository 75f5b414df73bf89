/**
 * The design's seven /rca endpoints on the demo's ETL plus the known rows of rcaFixture.ts
 * (October 2030, after every demo row): every answer checked field by field against values
 * written down from the fixture, and every response (success and error) validated against
 * the TypeBox schemas of src/engine/rca/schemas.ts with ajv.
 */
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import fc from 'fast-check';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import type { Db } from '../../src/db/db';
import { Engine } from '../../src/engine/engine';
import { RCA_SCHEMAS } from '../../src/engine/rca/schemas';
import { runEtl } from '../../src/etl/etl';
import { migrate } from '../../src/etl/migrate';
import { checkHealth } from '../../src/ops/health';
import { MODEL, NODE, OBRIEN, REASON, REQ, RUN, RUNNER, SCENARIO, STACK, ZOE, insertRcaFixture } from './rcaFixture';
import { emptyDbs, seededDbs, type TestDbs } from './setup';

const UNKNOWN = '3f1c0000-0000-4000-8000-000000000000';
const A = SCENARIO.a;
const SIG = {
  r3: 'ValidationError: price must be positive (got <n>)',
  r5: 'Calculation exceeded the time limit of <n> s',
  r6: 'could not connect to server: Connection refused',
};
const API_ERROR = {
  $id: 'ApiError',
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
  additionalProperties: false,
};

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(API_ERROR);
for (const s of RCA_SCHEMAS) ajv.addSchema(s);

/** Builds the API over these databases (reporting: the Db, or null for none). */
async function api(dbs: TestDbs, reporting: Db | null): Promise<FastifyInstance> {
  return buildApi({
    engine: () => Engine.create(dbs.prod, reporting, 'auto'),
    reporting,
    health: () => checkHealth(dbs.reporting),
    logSources: () => [],
    token: null,
  });
}

describe('/rca endpoints (the design\'s second part, over the reporting schema)', function () {
  let dbs: TestDbs;
  let app: FastifyInstance;
  before(async () => {
    dbs = await seededDbs();
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    await insertRcaFixture(dbs.reporting);
    app = await api(dbs, dbs.reporting);
  });
  after(async () => {
    await app?.close();
    await dbs?.close();
  });

  /** GET; the body validated against `schema` (200) or ApiError (any other status). */
  async function get(url: string, schema: string, on: FastifyInstance = app): Promise<{ status: number; body: any }> {
    const r = await on.inject({ method: 'GET', url });
    const body = r.json();
    const id = r.statusCode === 200 ? schema : 'ApiError';
    const valid = ajv.validate(id, body);
    assert.ok(valid, `${url} → ${r.statusCode} does not match ${id}: ${ajv.errorsText(ajv.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    assert.match(r.headers['content-type'] as string, /^application\/json/);
    return { status: r.statusCode, body };
  }
  const ok = async (url: string, schema: string): Promise<any> => {
    const r = await get(url, schema);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const fails = async (url: string, status: number, message: RegExp): Promise<void> => {
    const r = await get(url, 'ApiError');
    assert.equal(r.status, status, `${url}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.message, message);
    assert.doesNotMatch(r.body.message, /127\.0\.0\.1|localhost|clearsight_t_|SQLSTATE|select /i, 'no host, database or SQL in a message');
  };

  describe('GET /rca/scenario/{id}/audit-trail', () => {
    // The fixture's 22 entries of scenario A, oldest first (ties by audit_key): [key, source, timestamp, event_type].
    const S = `${A}`;
    const TRAIL: Array<[string, string, string, string]> = [
      [`action:${S}:created`, 'user_action', '2030-10-01T08:00:00.000Z', 'SCENARIO_CREATED'],
      [`event:${S}:created`, 'event', '2030-10-01T08:00:00.000Z', 'SCENARIO_CREATED'],
      [`state:${S}:scenario:created`, 'state_change', '2030-10-01T08:00:00.000Z', 'SCENARIO_DRAFT'],
      [`action:${S}:input:d1`, 'user_action', '2030-10-01T08:05:00.000Z', 'INPUT_CHANGED'],
      [`action:${S}:input:d4`, 'user_action', '2030-10-01T08:06:00.000Z', 'INPUT_CHANGED'],
      [`action:${S}:input:d5`, 'user_action', '2030-10-01T08:07:00.000Z', 'INPUT_CHANGED'],
      [`state:${S}:run:${RUN.r1}:started`, 'state_change', '2030-10-02T09:00:00.000Z', 'RUN_RUNNING'],
      [`diagnostic:${RUN.r1}`, 'run_diagnostic', '2030-10-02T09:10:00.000Z', 'RUN_SUCCESS'],
      [`state:${S}:run:${RUN.r1}:ended`, 'state_change', '2030-10-02T09:10:00.000Z', 'RUN_SUCCESS'],
      [`state:${S}:run:${RUN.r2}:started`, 'state_change', '2030-10-04T09:00:00.000Z', 'RUN_RUNNING'],
      [`diagnostic:${RUN.r2}`, 'run_diagnostic', '2030-10-04T09:12:00.000Z', 'RUN_SUCCESS'],
      [`state:${S}:run:${RUN.r2}:ended`, 'state_change', '2030-10-04T09:12:00.000Z', 'RUN_SUCCESS'],
      [`action:${S}:input:d3`, 'user_action', '2030-10-05T10:00:00.000Z', 'INPUT_CHANGED'],
      [`action:${S}:input:d6`, 'user_action', '2030-10-05T10:05:00.000Z', 'INPUT_CHANGED'],
      [`state:${S}:run:${RUN.r3}:started`, 'state_change', '2030-10-06T09:00:00.000Z', 'RUN_RUNNING'],
      ['log:file:/logs/calc.log:200', 'log', '2030-10-06T09:01:00.000Z', 'LOG_WARN'],
      ['log:file:/logs/calc.log:300', 'log', '2030-10-06T09:02:00.000Z', 'LOG_ERROR'],
      ['log:cloudwatch:/clearsight/calc:e4', 'log', '2030-10-06T09:02:30.000Z', 'LOG_ERROR'],
      [`diagnostic:${RUN.r3}`, 'run_diagnostic', '2030-10-06T09:03:00.000Z', 'RUN_FAILED'],
      [`event:${S}:run:${RUN.r3}:failed`, 'event', '2030-10-06T09:03:00.000Z', 'RUN_FAILED'],
      [`state:${S}:run:${RUN.r3}:ended`, 'state_change', '2030-10-06T09:03:00.000Z', 'RUN_FAILED'],
      [`state:${S}:scenario:submitted`, 'state_change', '2030-10-06T12:00:00.000Z', 'SCENARIO_SUBMITTED'],
    ];
    const keys = (body: any): string[] => body.items.map((e: any) => e.audit_key);

    it('every entry of the scenario, oldest first, from the five sources', async () => {
      const b = await ok(`/rca/scenario/${A}/audit-trail`, 'AuditTrail');
      assert.deepEqual({ ...b, items: undefined }, { scenario_id: A, from: null, until: null, total: 22, limit: 100, offset: 0, items: undefined });
      assert.deepEqual(
        b.items.map((e: any) => [e.audit_key, e.source, e.timestamp, e.event_type]),
        TRAIL,
      );
    });

    it('an entry field by field: a log record, a user action, a run diagnostic', async () => {
      const b = await ok(`/rca/scenario/${A}/audit-trail`, 'AuditTrail');
      const at = (key: string) => b.items.find((e: any) => e.audit_key === key);
      assert.deepEqual(at('log:file:/logs/calc.log:300'), {
        audit_key: 'log:file:/logs/calc.log:300',
        source: 'log',
        timestamp: '2030-10-06T09:02:00.000Z',
        event_type: 'LOG_ERROR',
        user_id: null,
        run_id: RUN.r3,
        node_id: null,
        correlation_id: RUN.r3,
        description: REASON.r3,
        error_category: 'validation',
        metadata: { origin: '/logs/calc.log', line: 12 },
      });
      assert.deepEqual(at(`action:${A}:input:d3`), {
        audit_key: `action:${A}:input:d3`,
        source: 'user_action',
        timestamp: '2030-10-05T10:00:00.000Z',
        event_type: 'INPUT_CHANGED',
        user_id: ZOE,
        run_id: null,
        node_id: NODE.price,
        correlation_id: null,
        description: 'Price changed',
        error_category: null,
        metadata: { session_id: `${ZOE}/2030-10-05T10:00:00.000Z` },
      });
      assert.deepEqual(at(`diagnostic:${RUN.r3}`), {
        audit_key: `diagnostic:${RUN.r3}`,
        source: 'run_diagnostic',
        timestamp: '2030-10-06T09:03:00.000Z',
        event_type: 'RUN_FAILED',
        user_id: RUNNER,
        run_id: RUN.r3,
        node_id: NODE.price,
        correlation_id: REQ.r3,
        description: REASON.r3,
        error_category: 'validation',
        metadata: {},
      });
    });

    it('pages: limit and offset over the same order; total counts every match', async () => {
      const p = await ok(`/rca/scenario/${A}/audit-trail?limit=5&offset=5`, 'AuditTrail');
      assert.equal(p.total, 22);
      assert.equal(p.limit, 5);
      assert.equal(p.offset, 5);
      assert.deepEqual(keys(p), TRAIL.slice(5, 10).map((t) => t[0]));
      const last = await ok(`/rca/scenario/${A}/audit-trail?limit=5&offset=20`, 'AuditTrail');
      assert.deepEqual(keys(last), TRAIL.slice(20).map((t) => t[0]));
      const past = await ok(`/rca/scenario/${A}/audit-trail?offset=500`, 'AuditTrail');
      assert.deepEqual([past.total, past.items], [22, []]);
    });

    it('filters: a date range (an offset normalised to UTC), sources, event types, a user', async () => {
      const w = await ok(`/rca/scenario/${A}/audit-trail?since=${encodeURIComponent('2030-10-04T05:30:00+05:30')}&until=2030-10-05T23:59:59Z`, 'AuditTrail');
      assert.equal(w.from, '2030-10-04T00:00:00.000Z');
      assert.equal(w.until, '2030-10-05T23:59:59.000Z');
      assert.equal(w.total, 5);
      assert.deepEqual(keys(w), TRAIL.slice(9, 14).map((t) => t[0]));
      const src = await ok(`/rca/scenario/${A}/audit-trail?source=state_change,log`, 'AuditTrail');
      assert.equal(src.total, 11);
      assert.deepEqual(keys(src), TRAIL.filter((t) => t[1] === 'state_change' || t[1] === 'log').map((t) => t[0]));
      const failed = await ok(`/rca/scenario/${A}/audit-trail?event_type=RUN_FAILED`, 'AuditTrail');
      assert.deepEqual(keys(failed), [`diagnostic:${RUN.r3}`, `event:${A}:run:${RUN.r3}:failed`, `state:${A}:run:${RUN.r3}:ended`]);
      const zoe = await ok(`/rca/scenario/${A}/audit-trail?user=${encodeURIComponent(ZOE)}`, 'AuditTrail');
      assert.deepEqual(keys(zoe), [0, 1, 2, 3, 4, 5, 12, 13, 21].map((i) => TRAIL[i][0]));
    });

    it('bad parameters: 400 naming them; unknown scenario: 404 with the id', async () => {
      await fails(`/rca/scenario/${A}/audit-trail?source=logs`, 400, /source/);
      await fails(`/rca/scenario/${A}/audit-trail?limit=0`, 400, /limit/);
      await fails(`/rca/scenario/${A}/audit-trail?limit=1001`, 400, /limit/);
      await fails(`/rca/scenario/${A}/audit-trail?offset=-1`, 400, /offset/);
      await fails(`/rca/scenario/${A}/audit-trail?since=yesterday`, 400, /since/);
      // A NUL cannot reach PostgreSQL text: refused as input, never a database error (found by the property test).
      await fails(`/rca/scenario/${A}/audit-trail?user=a%00b`, 400, /user/);
      await fails(`/rca/scenario/${A}/audit-trail?since=2030-10-05&until=2030-10-04`, 400, /since.*until|until.*since/);
      await fails(`/rca/scenario/${A}/audit-trail?colour=red`, 400, /colour|querystring|additional/i);
      await fails('/rca/scenario/not-a-uuid/audit-trail', 400, /\bid\b/);
      await fails(`/rca/scenario/${UNKNOWN}/audit-trail`, 404, new RegExp(`^unknown scenario id ${UNKNOWN}$`));
    });
  });

  describe('GET /rca/scenario/{id}/state-changes', () => {
    it('the transitions in time order with the scenario\'s status now', async () => {
      const b = await ok(`/rca/scenario/${A}/state-changes`, 'StateChanges');
      assert.equal(b.scenario_id, A);
      assert.equal(b.current_state, 'submitted');
      assert.deepEqual([b.from, b.until], [null, null]);
      assert.deepEqual(
        b.items.map((c: any) => [c.entity, c.run_id, c.from_state, c.to_state, c.changed_at, c.changed_by, c.request_id, c.seconds_in_previous_state]),
        [
          ['scenario', null, null, 'draft', '2030-10-01T08:00:00.000Z', ZOE, null, null],
          ['run', RUN.r1, null, 'running', '2030-10-02T09:00:00.000Z', RUNNER, REQ.r1, null],
          ['run', RUN.r1, 'running', 'success', '2030-10-02T09:10:00.000Z', RUNNER, REQ.r1, 600],
          ['run', RUN.r2, null, 'running', '2030-10-04T09:00:00.000Z', RUNNER, REQ.r2, null],
          ['run', RUN.r2, 'running', 'success', '2030-10-04T09:12:00.000Z', RUNNER, REQ.r2, 720],
          ['run', RUN.r3, null, 'running', '2030-10-06T09:00:00.000Z', RUNNER, REQ.r3, null],
          ['run', RUN.r3, 'running', 'failed', '2030-10-06T09:03:00.000Z', RUNNER, REQ.r3, 180],
          ['scenario', null, 'draft', 'submitted', '2030-10-06T12:00:00.000Z', ZOE, null, 457200],
        ],
      );
    });

    it('entity and date range filters', async () => {
      const s = await ok(`/rca/scenario/${A}/state-changes?entity=scenario`, 'StateChanges');
      assert.deepEqual(s.items.map((c: any) => c.to_state), ['draft', 'submitted']);
      const w = await ok(`/rca/scenario/${A}/state-changes?since=2030-10-04&until=2030-10-06T09:00:00Z&entity=run`, 'StateChanges');
      assert.deepEqual([w.from, w.until], ['2030-10-04T00:00:00.000Z', '2030-10-06T09:00:00.000Z']);
      assert.deepEqual(w.items.map((c: any) => [c.run_id, c.to_state]), [[RUN.r2, 'running'], [RUN.r2, 'success'], [RUN.r3, 'running']]);
      const none = await ok(`/rca/scenario/${SCENARIO.b}/state-changes`, 'StateChanges');
      assert.deepEqual([none.current_state, none.items], ['draft', []]);
      await fails(`/rca/scenario/${A}/state-changes?entity=node`, 400, /entity/);
      await fails(`/rca/scenario/${UNKNOWN}/state-changes`, 404, /unknown scenario id/);
    });
  });

  describe('GET /rca/user/{id}/journey', () => {
    const s1 = `${ZOE}/2030-10-01T08:00:00.000Z`;
    const s2 = `${ZOE}/2030-10-05T10:00:00.000Z`;
    const ACTIONS = [
      ['2030-10-01T08:00:00.000Z', 'SCENARIO_CREATED', A, null, null, 'Created the scenario', s1],
      ['2030-10-01T08:05:00.000Z', 'INPUT_CHANGED', A, null, NODE.price, 'Price set', s1],
      ['2030-10-01T08:06:00.000Z', 'INPUT_CHANGED', A, null, NODE.volume, 'Volume set', s1],
      ['2030-10-01T08:07:00.000Z', 'INPUT_CHANGED', A, null, NODE.share, 'Share set', s1],
      ['2030-10-05T10:00:00.000Z', 'INPUT_CHANGED', A, null, NODE.price, 'Price changed', s2],
      ['2030-10-05T10:05:00.000Z', 'INPUT_CHANGED', A, null, NODE.share, 'Share changed', s2],
      ['2030-10-05T10:30:00.000Z', 'RUN_STARTED', SCENARIO.b, RUN.r7, null, 'Started a run', s2],
    ];
    const rows = (b: any) => b.actions.map((a: any) => [a.action_at, a.action_type, a.scenario_id, a.run_id, a.node_id, a.description, a.session_id]);
    const url = (user: string, q = '') => `/rca/user/${encodeURIComponent(user)}/journey${q}`;

    it('by default the 30 days up to the latest action: velocity, two sessions, every action in order', async () => {
      const b = await ok(url(ZOE), 'UserJourney');
      assert.equal(b.user_id, ZOE);
      assert.deepEqual([b.from, b.until], ['2030-09-05T10:30:00.000Z', '2030-10-05T10:30:00.000Z']);
      assert.deepEqual(b.velocity, {
        actions: 7,
        active_days: 2,
        actions_per_day: 3.5,
        scenarios_touched: 2,
        sessions: 2,
        most_common_actions: [
          { action_type: 'INPUT_CHANGED', count: 5 },
          { action_type: 'RUN_STARTED', count: 1 },
          { action_type: 'SCENARIO_CREATED', count: 1 },
        ],
      });
      assert.deepEqual(b.sessions, [
        { session_id: s1, started_at: '2030-10-01T08:00:00.000Z', ended_at: '2030-10-01T08:07:00.000Z', duration_seconds: 420, actions: 4, scenarios: [A] },
        { session_id: s2, started_at: '2030-10-05T10:00:00.000Z', ended_at: '2030-10-05T10:30:00.000Z', duration_seconds: 1800, actions: 3, scenarios: [A, SCENARIO.b] },
      ]);
      assert.deepEqual(rows(b), ACTIONS);
      assert.equal(b.actions[0].scenario_name, 'RCA fixture: story');
      assert.equal(b.actions[6].scenario_name, 'RCA fixture: never failed');
      assert.equal(b.truncated, false);
    });

    it('limit keeps the latest actions (truncated); a date range narrows everything', async () => {
      const l = await ok(url(ZOE, '?limit=2'), 'UserJourney');
      assert.deepEqual(rows(l), ACTIONS.slice(5));
      assert.equal(l.truncated, true);
      assert.equal(l.velocity.actions, 7);
      const w = await ok(url(ZOE, '?since=2030-10-02'), 'UserJourney');
      assert.deepEqual([w.from, w.until], ['2030-10-02T00:00:00.000Z', '2030-10-05T10:30:00.000Z']);
      assert.deepEqual(rows(w), ACTIONS.slice(4));
      assert.deepEqual(
        { ...w.velocity, most_common_actions: undefined },
        { actions: 3, active_days: 1, actions_per_day: 3, scenarios_touched: 2, sessions: 1, most_common_actions: undefined },
      );
      const early = await ok(url(ZOE, '?until=2030-10-01T08:05:00Z'), 'UserJourney');
      assert.deepEqual([early.from, early.until], ['2030-09-01T08:05:00.000Z', '2030-10-01T08:05:00.000Z']);
      assert.deepEqual(rows(early), ACTIONS.slice(0, 2));
      assert.deepEqual(early.sessions.map((s: any) => [s.session_id, s.actions, s.duration_seconds]), [[s1, 2, 300]]);
    });

    it('any user id production stores: an apostrophe, a space and a slash (%2F)', async () => {
      const b = await ok(url(OBRIEN), 'UserJourney');
      assert.ok(url(OBRIEN).includes('%2F'));
      assert.equal(b.user_id, OBRIEN);
      assert.deepEqual(rows(b), [['2030-10-07T07:00:00.000Z', 'RUN_STARTED', SCENARIO.c, RUN.r5, null, 'RUN_STARTED', `${OBRIEN}/2030-10-07T07:00:00.000Z`]]);
      assert.deepEqual(b.velocity.most_common_actions, [{ action_type: 'RUN_STARTED', count: 1 }]);
    });

    it('unknown user: 404 with the id; bad parameters: 400', async () => {
      await fails(url('nobody@example.com'), 404, /^unknown user 'nobody@example\.com'$/);
      await fails(url('名前 テスト'), 404, /^unknown user '名前 テスト'$/);
      await fails(url(ZOE, '?limit=0'), 400, /limit/);
      await fails(url(ZOE, '?until=2030-02-30'), 400, /until/);
      await fails(`/rca/user/${'x'.repeat(201)}/journey`, 400, /more than 200 characters/);
    });
  });

  describe('GET /rca/run/{id}/diagnostics', () => {
    const R3_CARD = {
      run_id: RUN.r3,
      scenario_id: A,
      scenario_name: 'RCA fixture: story',
      run_status: 'failed',
      run_at: '2030-10-06T09:00:00.000Z',
      run_complete_at: '2030-10-06T09:03:00.000Z',
      duration_seconds: 180,
      run_by: RUNNER,
      request_id: REQ.r3,
      fail_reason: REASON.r3,
      error_category: 'validation',
      error_category_detail: 'validation',
      total_nodes: 3,
      failed_nodes: 2,
    };
    const log = (ts: string, level: string, message: string, stack: string | null, source: string, origin: string, line: number | null, category: string | null) => ({
      timestamp: ts,
      level,
      message,
      stack_trace: stack,
      correlation_id: RUN.r3,
      log_source: source,
      origin,
      line_number: line,
      error_category: category,
    });
    const LOGS = [
      log('2030-10-06T09:00:05.000Z', 'INFO', `run ${RUN.r3} started`, null, 'files', '/logs/calc.log', 10, null),
      log('2030-10-06T09:01:00.000Z', 'WARN', 'price below zero in node Price', null, 'files', '/logs/calc.log', 11, null),
      log('2030-10-06T09:02:00.000Z', 'ERROR', REASON.r3, STACK.validation, 'files', '/logs/calc.log', 12, 'validation'),
      log('2030-10-06T09:02:30.000Z', 'ERROR', REASON.r3volume, STACK.division, 'cloudwatch', '/clearsight/calc / worker-1', null, 'calculation'),
      log('2030-10-06T09:03:00.000Z', 'INFO', 'worker finished', null, 'cloudwatch', '/clearsight/calc / worker-1', null, null),
    ];

    it('a failed run: card, failed nodes, its logs in two categories, stack trace, last success and the verdict', async () => {
      const b = await ok(`/rca/run/${RUN.r3}/diagnostics`, 'RunDiagnostics');
      assert.deepEqual(b.run, R3_CARD);
      assert.deepEqual(b.failed_nodes, [
        { node_id: NODE.price, node_name: 'Price', node_type: 'input', fail_reason: REASON.r3, error_category: 'validation', processing_duration_sec: 12.5 },
        { node_id: NODE.volume, node_name: 'Volume', node_type: 'input', fail_reason: REASON.r3volume, error_category: 'calculation', processing_duration_sec: 12.5 },
      ]);
      assert.deepEqual(b.logs, { from: 'reporting', total: 5, errors: 2, items: LOGS, truncated: false });
      assert.equal(b.stack_trace, STACK.validation);
      assert.equal(b.previous_success_run_id, RUN.r2);
      // Price changed between R2 and R3, its own calc failed and the reason names its value: the culprit.
      assert.equal(b.confidence, 'strong');
      assert.deepEqual({ ...b.verdict, summary: undefined }, { kind: 'input', node_id: NODE.price, summary: undefined });
      assert.match(b.verdict.summary, /`Price`/);
      assert.match(b.verdict.summary, /logs/, 'the logs of the table were the evidence');
    });

    it('log_limit and level', async () => {
      const l = await ok(`/rca/run/${RUN.r3}/diagnostics?log_limit=2`, 'RunDiagnostics');
      assert.deepEqual(l.logs, { from: 'reporting', total: 5, errors: 2, items: LOGS.slice(0, 2), truncated: true });
      const e = await ok(`/rca/run/${RUN.r3}/diagnostics?level=error`, 'RunDiagnostics');
      assert.deepEqual(e.logs, { from: 'reporting', total: 2, errors: 2, items: LOGS.slice(2, 4), truncated: false });
      const w = await ok(`/rca/run/${RUN.r3}/diagnostics?level=warn&log_limit=1`, 'RunDiagnostics');
      assert.deepEqual(w.logs, { from: 'reporting', total: 3, errors: 2, items: [LOGS[1]], truncated: true });
    });

    it('a failed run without a diagnostic row or logs: dim_run\'s category mapped to the design\'s, the last success computed', async () => {
      const b = await ok(`/rca/run/${RUN.r6}/diagnostics`, 'RunDiagnostics');
      assert.deepEqual(b.run, {
        run_id: RUN.r6,
        scenario_id: SCENARIO.c,
        scenario_name: 'RCA fixture: no success first',
        run_status: 'failed',
        run_at: '2030-10-08T08:00:00.000Z',
        run_complete_at: '2030-10-08T08:01:00.000Z',
        duration_seconds: 60,
        run_by: RUNNER,
        request_id: null,
        fail_reason: REASON.r6,
        error_category: 'database', // a dropped connection (infrastructure) is the design's database
        error_category_detail: 'infrastructure',
        total_nodes: 3,
        failed_nodes: 0,
      });
      assert.deepEqual([b.failed_nodes, b.logs, b.stack_trace, b.previous_success_run_id], [[], { from: 'reporting', total: 0, errors: 0, items: [], truncated: false }, null, null]);
      assert.equal(b.verdict.kind, 'infrastructure');
      const r2 = await ok(`/rca/run/${RUN.r2}/diagnostics`, 'RunDiagnostics');
      assert.equal(r2.previous_success_run_id, RUN.r1);
    });

    it('a successful run: nothing to explain', async () => {
      const b = await ok(`/rca/run/${RUN.r1}/diagnostics`, 'RunDiagnostics');
      assert.deepEqual([b.run.run_status, b.run.error_category, b.run.error_category_detail, b.failed_nodes, b.previous_success_run_id], ['success', null, null, [], null]);
      assert.deepEqual([b.confidence, b.verdict], ['none', { kind: 'unknown', node_id: null, summary: 'The run succeeded: there is no failure to explain.' }]);
    });

    it('unknown run: 404; malformed id or parameters: 400', async () => {
      await fails(`/rca/run/${UNKNOWN}/diagnostics`, 404, new RegExp(`^unknown run id ${UNKNOWN}$`));
      await fails('/rca/run/1234/diagnostics', 400, /\bid\b/);
      await fails(`/rca/run/${RUN.r3}/diagnostics?level=verbose`, 400, /level/);
      await fails(`/rca/run/${RUN.r3}/diagnostics?log_limit=0`, 400, /log_limit/);
    });
  });

  describe('GET /rca/scenario/{id}/run-comparison', () => {
    const card = (run: 'r1' | 'r2' | 'r3') => ({
      run_id: RUN[run],
      scenario_id: A,
      scenario_name: 'RCA fixture: story',
      run_status: run === 'r3' ? 'failed' : 'success',
      run_at: { r1: '2030-10-02T09:00:00.000Z', r2: '2030-10-04T09:00:00.000Z', r3: '2030-10-06T09:00:00.000Z' }[run],
      run_complete_at: { r1: '2030-10-02T09:10:00.000Z', r2: '2030-10-04T09:12:00.000Z', r3: '2030-10-06T09:03:00.000Z' }[run],
      duration_seconds: { r1: 600, r2: 720, r3: 180 }[run],
      run_by: RUNNER,
      request_id: REQ[run],
      fail_reason: run === 'r3' ? REASON.r3 : null,
      error_category: run === 'r3' ? 'validation' : null,
      error_category_detail: run === 'r3' ? 'validation' : null,
      total_nodes: 3,
      failed_nodes: run === 'r3' ? 2 : 0,
    });
    const change = (node: 'price' | 'share', before: [string, unknown], after: [string, unknown], at: string, rank: number | null) => ({
      node_id: NODE[node],
      node_name: node === 'price' ? 'Price' : 'Share',
      change: 'changed',
      before_hash: before[0],
      after_hash: after[0],
      before_value: before[1],
      after_value: after[1],
      changed_at: at,
      changed_by: ZOE,
      rank,
    });
    const node = (n: 'price' | 'volume') => ({ node_id: NODE[n], node_name: n === 'price' ? 'Price' : 'Volume' });

    it('by default the last success vs the first failure after it, ranked as `diff --scenario`', async () => {
      const b = await ok(`/rca/scenario/${A}/run-comparison`, 'RunComparison');
      assert.deepEqual(
        { ...b, confidence: undefined, verdict: undefined },
        {
          scenario_id: A,
          comparable: true,
          reason: null,
          selection: 'default',
          from_run: card('r2'),
          to_run: card('r3'),
          time_gap_seconds: 172800,
          input_changes: [
            change('price', ['h-price-2', { price: 12 }], ['h-price-3', { price: -5 }], '2030-10-05T10:00:00.000Z', 1),
            change('share', ['h-share-1', { share: 0.5 }], ['h-share-2', { share: 0.6 }], '2030-10-05T10:05:00.000Z', 2),
          ],
          failure_delta: {
            status_before: 'success',
            status_after: 'failed',
            failed_nodes_before: 0,
            failed_nodes_after: 2,
            newly_failed_nodes: [node('price'), node('volume')],
            recovered_nodes: [],
            fail_reason_before: null,
            fail_reason_after: REASON.r3,
            duration_delta_seconds: -540,
          },
          confidence: undefined,
          verdict: undefined,
        },
      );
      assert.deepEqual([b.confidence, b.verdict.kind, b.verdict.node_id], ['strong', 'input', NODE.price]);
      // The same pair, ranking and verdict as the engine's comparison route (diffScenario).
      const engine = await Engine.create(dbs.prod, dbs.reporting, 'auto');
      const legacy = JSON.parse(JSON.stringify(await engine.read((a) => a.diffScenario(A))));
      assert.deepEqual([legacy.run_a.run_id, legacy.run_b.run_id], [RUN.r2, RUN.r3]);
      assert.deepEqual(legacy.changed.map((c: any) => c.node_id), [NODE.price, NODE.share]);
      assert.deepEqual([legacy.confidence, legacy.verdict], [b.confidence, b.verdict]);
    });

    it('two chosen runs: success to success (no ranking), and the first success to the failure', async () => {
      const b = await ok(`/rca/scenario/${A}/run-comparison?from_run=${RUN.r1}&to_run=${RUN.r2}`, 'RunComparison');
      assert.deepEqual(
        [b.comparable, b.reason, b.selection, b.from_run, b.to_run, b.time_gap_seconds],
        [true, null, 'chosen', card('r1'), card('r2'), 172800],
      );
      assert.deepEqual(b.input_changes, [change('price', ['h-price-1', { price: 10 }], ['h-price-2', { price: 12 }], '2030-10-03T09:00:00.000Z', null)]);
      assert.deepEqual(b.failure_delta, {
        status_before: 'success',
        status_after: 'success',
        failed_nodes_before: 0,
        failed_nodes_after: 0,
        newly_failed_nodes: [],
        recovered_nodes: [],
        fail_reason_before: null,
        fail_reason_after: null,
        duration_delta_seconds: 120,
      });
      assert.equal(b.confidence, 'none');
      const f = await ok(`/rca/scenario/${A}/run-comparison?from_run=${RUN.r1}&to_run=${RUN.r3}`, 'RunComparison');
      assert.deepEqual([f.from_run.run_id, f.to_run.run_id, f.time_gap_seconds, f.failure_delta.duration_delta_seconds], [RUN.r1, RUN.r3, 345600, -420]);
      assert.deepEqual(f.input_changes, [
        change('price', ['h-price-1', { price: 10 }], ['h-price-3', { price: -5 }], '2030-10-05T10:00:00.000Z', 1),
        change('share', ['h-share-1', { share: 0.5 }], ['h-share-2', { share: 0.6 }], '2030-10-05T10:05:00.000Z', 2),
      ]);
    });

    it('the failure to a success: the failed nodes recovered', async () => {
      const b = await ok(`/rca/scenario/${A}/run-comparison?from_run=${RUN.r3}&to_run=${RUN.r1}`, 'RunComparison');
      assert.equal(b.time_gap_seconds, -345600);
      assert.deepEqual(b.failure_delta, {
        status_before: 'failed',
        status_after: 'success',
        failed_nodes_before: 2,
        failed_nodes_after: 0,
        newly_failed_nodes: [],
        recovered_nodes: [node('price'), node('volume')],
        fail_reason_before: REASON.r3,
        fail_reason_after: null,
        duration_delta_seconds: 420,
      });
      // No failure to rank: the diff's order (the later run's saves, newest first), rank null.
      assert.deepEqual(b.input_changes.map((c: any) => [c.node_id, c.before_hash, c.after_hash, c.changed_at, c.rank]), [
        [NODE.share, 'h-share-2', 'h-share-1', '2030-10-01T08:07:00.000Z', null],
        [NODE.price, 'h-price-3', 'h-price-1', '2030-10-01T08:05:00.000Z', null],
      ]);
    });

    it('no pair to compare is an answer (200, comparable false, why): never failed; no success before the failure', async () => {
      const never = await ok(`/rca/scenario/${SCENARIO.b}/run-comparison`, 'RunComparison');
      const reason = `scenario ${SCENARIO.b} has never failed: there is no failure to compare with a success`;
      assert.deepEqual(never, {
        scenario_id: SCENARIO.b,
        comparable: false,
        reason,
        selection: 'default',
        from_run: null,
        to_run: null,
        time_gap_seconds: null,
        input_changes: [],
        failure_delta: null,
        confidence: 'none',
        verdict: { kind: 'unknown', node_id: null, summary: reason },
      });
      const c = await ok(`/rca/scenario/${SCENARIO.c}/run-comparison`, 'RunComparison');
      assert.equal(c.comparable, false);
      assert.equal(c.reason, `scenario ${SCENARIO.c} has no successful run before its first failure (run ${RUN.r5}): there is no success to compare it with`);
      assert.equal(c.from_run, null);
      assert.deepEqual([c.to_run.run_id, c.to_run.run_status, c.to_run.error_category, c.to_run.error_category_detail], [RUN.r5, 'timeout', 'timeout', 'timeout']);
    });

    it('from_run and to_run together, runs of this scenario, known: else 400 / 404', async () => {
      await fails(`/rca/scenario/${A}/run-comparison?from_run=${RUN.r1}`, 400, /^from_run and to_run go together/);
      await fails(`/rca/scenario/${A}/run-comparison?to_run=${RUN.r1}`, 400, /^from_run and to_run go together/);
      await fails(`/rca/scenario/${A}/run-comparison?from_run=${RUN.r1}&to_run=${RUN.r7}`, 400, new RegExp(`^to_run ${RUN.r7} is a run of scenario ${SCENARIO.b}, not of scenario ${A}$`));
      await fails(`/rca/scenario/${A}/run-comparison?from_run=${UNKNOWN}&to_run=${RUN.r3}`, 404, new RegExp(`^unknown run id ${UNKNOWN}$`));
      await fails(`/rca/scenario/${A}/run-comparison?from_run=r1&to_run=${RUN.r3}`, 400, /from_run/);
      await fails(`/rca/scenario/${UNKNOWN}/run-comparison`, 404, /^unknown scenario id/);
    });
  });

  describe('GET /rca/errors/top-categories', () => {
    it('a date range: failed runs per design category, all four, most first', async () => {
      const b = await ok('/rca/errors/top-categories?since=2030-01-01', 'TopCategories');
      assert.deepEqual(b, {
        from: '2030-01-01T00:00:00.000Z',
        until: null,
        total_failures: 3,
        categories: [
          {
            category: 'timeout',
            failures: 1,
            share: 0.3333,
            scenarios: 1,
            last_seen: '2030-10-07T08:00:00.000Z',
            detail: [{ category_detail: 'timeout', failures: 1 }],
            top_signatures: [{ signature: SIG.r5, sample_reason: REASON.r5, failures: 1, last_seen: '2030-10-07T08:00:00.000Z' }],
          },
          {
            category: 'validation',
            failures: 1,
            share: 0.3333,
            scenarios: 1,
            last_seen: '2030-10-06T09:03:00.000Z',
            detail: [{ category_detail: 'validation', failures: 1 }],
            top_signatures: [{ signature: SIG.r3, sample_reason: REASON.r3, failures: 1, last_seen: '2030-10-06T09:03:00.000Z' }],
          },
          {
            category: 'database',
            failures: 1,
            share: 0.3333,
            scenarios: 1,
            last_seen: '2030-10-08T08:01:00.000Z',
            detail: [{ category_detail: 'infrastructure', failures: 1 }],
            top_signatures: [{ signature: SIG.r6, sample_reason: REASON.r6, failures: 1, last_seen: '2030-10-08T08:01:00.000Z' }],
          },
          { category: 'calculation', failures: 0, share: 0, scenarios: 0, last_seen: null, detail: [], top_signatures: [] },
        ],
      });
    });

    it('until and model_id narrow it', async () => {
      const u = await ok('/rca/errors/top-categories?since=2030-01-01&until=2030-10-07T23:59:59Z', 'TopCategories');
      assert.deepEqual([u.total_failures, u.categories.map((c: any) => [c.category, c.failures, c.share])], [2, [['timeout', 1, 0.5], ['validation', 1, 0.5], ['calculation', 0, 0], ['database', 0, 0]]]);
      const m = await ok(`/rca/errors/top-categories?model_id=${MODEL}`, 'TopCategories');
      assert.deepEqual([m.from, m.until, m.total_failures, m.categories.map((c: any) => c.failures)], [null, null, 3, [1, 1, 1, 0]]);
    });

    it('all the data: every failed run counted once, in the four categories; limit signatures each', async () => {
      const [{ n }] = await dbs.reporting.query<{ n: number }>("SELECT count(*) AS n FROM reporting.dim_run WHERE run_status IN ('failed', 'timeout')");
      const b = await ok('/rca/errors/top-categories?limit=2', 'TopCategories');
      assert.ok(n > 10, `the demo has failures (${n})`);
      assert.equal(b.total_failures, n);
      assert.equal(b.categories.reduce((s: number, c: any) => s + c.failures, 0), n);
      assert.deepEqual(b.categories.map((c: any) => c.category).sort(), ['calculation', 'database', 'timeout', 'validation']);
      for (const c of b.categories) {
        assert.ok(c.top_signatures.length <= 2);
        assert.equal(c.detail.reduce((s: number, d: any) => s + d.failures, 0), c.failures);
      }
      assert.ok(b.categories.some((c: any) => c.top_signatures.length === 2), 'a category with more than one signature in the demo');
      for (let i = 1; i < b.categories.length; i++) assert.ok(b.categories[i - 1].failures >= b.categories[i].failures);
    });

    it('time parameters are validated before SQL (issue 24): offsets normalised, impossible ones refused with 400', async () => {
      // An offset PostgreSQL would refuse (-16:00): normalised to UTC, or refused naming the parameter; never a 503.
      const r = await get(`/rca/errors/top-categories?since=${encodeURIComponent('2030-01-01T00:00:00-16:00')}`, 'TopCategories');
      if (r.status === 200) assert.equal(r.body.from, '2030-01-01T16:00:00.000Z');
      else assert.deepEqual([r.status, /since/.test(r.body.message)], [400, true]);
      // Messages name the parameter (the wording is params.ts's).
      await fails('/rca/errors/top-categories?since=infinity', 400, /since/);
      await fails('/rca/errors/top-categories?until=-infinity', 400, /until/);
      await fails('/rca/errors/top-categories?since=10000-01-01', 400, /since/);
      await fails('/rca/errors/top-categories?since=0000-01-01', 400, /since/);
      await fails(`/rca/errors/top-categories?since=${encodeURIComponent('2030-01-01T00:00:00+24:00')}`, 400, /since/);
      await fails('/rca/errors/top-categories?model_id=abc', 400, /model_id/);
      await fails('/rca/errors/top-categories?limit=101', 400, /limit/);
    });
  });

  describe('GET /rca/scenario/{id}/error-summary', () => {
    it('a scenario\'s failures: counts, categories, signatures, failing nodes, error log records', async () => {
      const b = await ok(`/rca/scenario/${A}/error-summary`, 'ErrorSummary');
      assert.deepEqual(b, {
        scenario_id: A,
        scenario_name: 'RCA fixture: story',
        from: null,
        until: null,
        runs: 3,
        failed_runs: 1,
        first_failure_at: '2030-10-06T09:03:00.000Z',
        last_failure_at: '2030-10-06T09:03:00.000Z',
        categories: [{ category: 'validation', failures: 1 }],
        signatures: [{ signature: SIG.r3, sample_reason: REASON.r3, failures: 1, first_seen: '2030-10-06T09:03:00.000Z', last_seen: '2030-10-06T09:03:00.000Z', run_ids: [RUN.r3] }],
        failing_nodes: [
          { node_id: NODE.price, node_name: 'Price', failures: 1 },
          { node_id: NODE.volume, node_name: 'Volume', failures: 1 },
        ],
        log_errors: 2,
      });
    });

    it('two categories (timeout from the stored diagnostic, database mapped from dim_run)', async () => {
      const b = await ok(`/rca/scenario/${SCENARIO.c}/error-summary`, 'ErrorSummary');
      assert.deepEqual([b.runs, b.failed_runs, b.first_failure_at, b.last_failure_at], [2, 2, '2030-10-07T08:00:00.000Z', '2030-10-08T08:01:00.000Z']);
      assert.deepEqual(b.categories, [{ category: 'timeout', failures: 1 }, { category: 'database', failures: 1 }]);
      assert.deepEqual(b.signatures.map((s: any) => [s.signature, s.run_ids]), [[SIG.r6, [RUN.r6]], [SIG.r5, [RUN.r5]]]);
      assert.deepEqual([b.failing_nodes, b.log_errors], [[], 0]);
    });

    it('a date range on the runs\' start (and the logs\' time)', async () => {
      const w = await ok(`/rca/scenario/${A}/error-summary?since=2030-10-03&until=2030-10-05`, 'ErrorSummary');
      assert.deepEqual(
        [w.from, w.until, w.runs, w.failed_runs, w.first_failure_at, w.last_failure_at, w.categories, w.signatures, w.failing_nodes, w.log_errors],
        ['2030-10-03T00:00:00.000Z', '2030-10-05T00:00:00.000Z', 1, 0, null, null, [], [], [], 0],
      );
      const u = await ok(`/rca/scenario/${A}/error-summary?until=2030-10-06T09:02:15Z`, 'ErrorSummary');
      assert.deepEqual([u.runs, u.failed_runs, u.failing_nodes.length, u.log_errors], [3, 1, 2, 1]);
      const never = await ok(`/rca/scenario/${SCENARIO.b}/error-summary`, 'ErrorSummary');
      assert.deepEqual([never.runs, never.failed_runs, never.categories, never.signatures], [1, 0, [], []]);
      await fails(`/rca/scenario/${UNKNOWN}/error-summary`, 404, /^unknown scenario id/);
    });
  });

  it('property: any time, id and paging parameter of every route answers a documented status with a valid body, never 5xx or a leak', async () => {
    const time = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('2030-10-01', '2030-10-05T10:00:00Z', '2030-10-07T07:00:00+05:30', '2026-01-01') },
      fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.tuple(fc.integer({ min: 0, max: 12000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: -30, max: 30 })).map(
        ([y, m, d, off]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:00:00${off < 0 ? '-' : '+'}${String(Math.abs(off)).padStart(2, '0')}:00`,
      ),
      fc.constantFrom('infinity', '-infinity', 'now', 'epoch', '2030-10-05', '2030-10-05 10:00', '', ' ', '2030-13-01', '2030-10-05T25:00:00Z', '1e10'),
      fc.string({ maxLength: 30 }),
    );
    const id = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(A, SCENARIO.b, SCENARIO.c, RUN.r3, RUN.r1, UNKNOWN, A.toUpperCase()) }, fc.uuid(), fc.string({ minLength: 1, maxLength: 60 }));
    const int = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 50 }) }, fc.integer({ min: -5, max: 1200 }), fc.constantFrom('x', '1.5', '1e3', '', '99999999999999999999'));
    const q = (params: Record<string, unknown>) => {
      const e = Object.entries(params).filter(([, v]) => v !== undefined);
      return e.length ? `?${e.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}` : '';
    };
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
    const request = fc.oneof(
      fc.record({ id, since: opt(time), until: opt(time), limit: opt(int), offset: opt(int) }).map((p) => [`/rca/scenario/${encodeURIComponent(p.id)}/audit-trail${q({ since: p.since, until: p.until, limit: p.limit, offset: p.offset })}`, 'AuditTrail']),
      fc.record({ id, since: opt(time), until: opt(time) }).map((p) => [`/rca/scenario/${encodeURIComponent(p.id)}/state-changes${q({ since: p.since, until: p.until })}`, 'StateChanges']),
      fc.record({ user: fc.oneof(fc.constantFrom(ZOE, OBRIEN), fc.string({ minLength: 1, maxLength: 80 })), since: opt(time), until: opt(time), limit: opt(int) }).map((p) => [
        `/rca/user/${encodeURIComponent(p.user)}/journey${q({ since: p.since, until: p.until, limit: p.limit })}`,
        'UserJourney',
      ]),
      fc.record({ id, limit: opt(int) }).map((p) => [`/rca/run/${encodeURIComponent(p.id)}/diagnostics${q({ log_limit: p.limit })}`, 'RunDiagnostics']),
      fc.record({ id, from: opt(id), to: opt(id) }).map((p) => [`/rca/scenario/${encodeURIComponent(p.id)}/run-comparison${q({ from_run: p.from, to_run: p.to })}`, 'RunComparison']),
      fc.record({ since: opt(time), until: opt(time), model: opt(id), limit: opt(int) }).map((p) => [`/rca/errors/top-categories${q({ since: p.since, until: p.until, model_id: p.model, limit: p.limit })}`, 'TopCategories']),
      fc.record({ id, since: opt(time), until: opt(time) }).map((p) => [`/rca/scenario/${encodeURIComponent(p.id)}/error-summary${q({ since: p.since, until: p.until })}`, 'ErrorSummary']),
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ([url, schema]) => {
        const r = await get(url, schema); // validates the body against the schema (200) or ApiError
        seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
        assert.ok([200, 400, 404, 414].includes(r.status), `${url} → ${r.status} ${JSON.stringify(r.body)}`);
        if (r.status !== 200) assert.doesNotMatch(r.body.message, /SQLSTATE|syntax|relation|127\.0\.0\.1|clearsight_t_|pglite|at .*\.ts:/i, url);
      }),
      { numRuns: 150, seed: 20301005 },
    );
    assert.ok((seen.get(200) ?? 0) > 10 && (seen.get(400) ?? 0) > 10 && (seen.get(404) ?? 0) > 0, `statuses seen: ${JSON.stringify([...seen])}`);
  });

  it('the OpenAPI document lists the seven routes with their operationIds, tag and response schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ops = [
      ['/rca/scenario/{id}/audit-trail', 'auditTrail', 'AuditTrail'],
      ['/rca/scenario/{id}/state-changes', 'stateChanges', 'StateChanges'],
      ['/rca/user/{id}/journey', 'userJourney', 'UserJourney'],
      ['/rca/run/{id}/diagnostics', 'runDiagnostics', 'RunDiagnostics'],
      ['/rca/scenario/{id}/run-comparison', 'runComparison', 'RunComparison'],
      ['/rca/errors/top-categories', 'topErrorCategories', 'TopCategories'],
      ['/rca/scenario/{id}/error-summary', 'errorSummary', 'ErrorSummary'],
    ];
    for (const [path, operationId, schema] of ops) {
      const op = doc.paths[path]?.get;
      assert.ok(op, path);
      assert.equal(op.operationId, operationId);
      assert.deepEqual(op.tags, ['rca']);
      assert.equal(op.responses['200'].content['application/json'].schema.$ref, `#/components/schemas/${schema}`);
      for (const status of ['400', '404', '503']) assert.equal(op.responses[status].content['application/json'].schema.$ref, '#/components/schemas/ApiError', `${path} ${status}`);
      assert.ok(doc.components.schemas[schema], schema);
    }
  });

  it('without --reporting, or before the ETL: 503 with one clear message on every route', async () => {
    const urls = [
      `/rca/scenario/${A}/audit-trail`,
      `/rca/scenario/${A}/state-changes`,
      `/rca/user/${encodeURIComponent(ZOE)}/journey`,
      `/rca/run/${RUN.r3}/diagnostics`,
      `/rca/scenario/${A}/run-comparison`,
      '/rca/errors/top-categories',
      `/rca/scenario/${A}/error-summary`,
    ];
    const none = await api(dbs, null);
    try {
      for (const url of urls) {
        const r = await get(url, 'ApiError', none);
        assert.deepEqual(r, { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'the /rca endpoints read the reporting schema: serve needs --reporting' } }, url);
      }
    } finally {
      await none.close();
    }
    const empty = await emptyDbs();
    const bare = await api(empty, empty.reporting);
    try {
      for (const url of urls) {
        const r = await get(url, 'ApiError', bare);
        assert.equal(r.status, 503, url);
        assert.match(r.body.message, /reporting schema, which is not there yet: run the ETL/);
      }
      // A schema before the audit layer (version 9): the same 503, saying which version.
      await migrate(empty.reporting, { upTo: 9 });
      const r = await get(urls[0], 'ApiError', bare);
      assert.equal(r.status, 503);
      assert.match(r.body.message, /version 9, without the audit layer/);
    } finally {
      await bare.close();
      await empty.close();
    }
  });
});

describe('/rca endpoints on the partitioned layout (facts partitioned by month)', function () {
  let dbs: TestDbs;
  let app: FastifyInstance;
  before(async () => {
    dbs = await seededDbs();
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', partitioned: true });
    for (const t of ['fact_scenario_events', 'fact_input_changes', 'fact_node_calculations', 'fact_cloudwatch_log']) {
      await dbs.reporting.query('SELECT reporting.ensure_month_partitions($1, $2::date[])', [t, ['2030-10-01']]);
    }
    await insertRcaFixture(dbs.reporting);
    app = await api(dbs, dbs.reporting);
  });
  after(async () => {
    await app?.close();
    await dbs?.close();
  });
  const ok = async (url: string, schema: string): Promise<any> => {
    const r = await app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(ajv.validate(schema, r.json()), ajv.errorsText(ajv.errors));
    return r.json();
  };

  it('answers as on the plain layout (the fixture\'s written-down values)', async () => {
    const [{ parts }] = await dbs.reporting.query<{ parts: number }>(
      "SELECT count(*) AS parts FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'fact_cloudwatch_log'",
    );
    assert.ok(parts >= 1, 'fact_cloudwatch_log is partitioned');
    const trail = await ok(`/rca/scenario/${A}/audit-trail?limit=3&offset=15`, 'AuditTrail');
    assert.deepEqual([trail.total, trail.items.map((e: any) => e.audit_key)], [22, ['log:file:/logs/calc.log:200', 'log:file:/logs/calc.log:300', 'log:cloudwatch:/clearsight/calc:e4']]);
    assert.equal((await ok(`/rca/scenario/${A}/state-changes`, 'StateChanges')).items.length, 8);
    const j = await ok(`/rca/user/${encodeURIComponent(ZOE)}/journey`, 'UserJourney');
    assert.deepEqual([j.velocity.actions, j.velocity.sessions, j.actions.length], [7, 2, 7]);
    const d = await ok(`/rca/run/${RUN.r3}/diagnostics?level=error`, 'RunDiagnostics');
    assert.deepEqual(
      [d.run.failed_nodes, d.failed_nodes.map((n: any) => n.node_name), d.logs.items.map((l: any) => l.error_category), d.stack_trace, d.previous_success_run_id, d.verdict.node_id],
      [2, ['Price', 'Volume'], ['validation', 'calculation'], STACK.validation, RUN.r2, NODE.price],
    );
    const c = await ok(`/rca/scenario/${A}/run-comparison`, 'RunComparison');
    assert.deepEqual(
      [c.from_run.run_id, c.to_run.run_id, c.input_changes.map((x: any) => [x.node_name, x.before_hash, x.after_hash, x.rank]), c.failure_delta.newly_failed_nodes.map((n: any) => n.node_name)],
      [RUN.r2, RUN.r3, [['Price', 'h-price-2', 'h-price-3', 1], ['Share', 'h-share-1', 'h-share-2', 2]], ['Price', 'Volume']],
    );
    const t = await ok('/rca/errors/top-categories?since=2030-01-01', 'TopCategories');
    assert.deepEqual(t.categories.map((x: any) => [x.category, x.failures]), [['timeout', 1], ['validation', 1], ['database', 1], ['calculation', 0]]);
    const e = await ok(`/rca/scenario/${A}/error-summary?since=2030-10-06`, 'ErrorSummary');
    assert.deepEqual([e.runs, e.failed_runs, e.failing_nodes.length, e.log_errors], [1, 1, 2, 2]);
  });
});
