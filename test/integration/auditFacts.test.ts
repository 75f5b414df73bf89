/**
 * The design's second part as the ETL derives it (src/etl/derived.ts, migration 011): the
 * state changes, user actions (sessions) and run diagnostics, checked field by field against
 * the demo's generated rows and stories; reruns write nothing; the audit-trail view holds the
 * union of its sources; `--scenario-id`; the foreign keys and the after-commit steps.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { UserError } from '../../src/core/errors';
import { lastSuccessBefore } from '../../src/core/runRules';
import type { Db } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { syncAuditTrail } from '../../src/etl/auditTrail';
import { runEtl } from '../../src/etl/etl';
import { migrate } from '../../src/etl/migrate';
import { demo, digest, ON_SERVER, seededDbs, type TestDbs } from './setup';
import { suiteDbs } from './suite';

/** An ISO time of the demo as the reporting schema's text (`to_char(…, TS)`). */
function pg(iso: string | null): string | null {
  if (!iso) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso);
  assert.ok(m, iso);
  return `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(6, '0')}`;
}
const TS = `'YYYY-MM-DD HH24:MI:SS.US'`;
/** Seconds between two demo times, to the microsecond. */
function seconds(from: string, to: string): number {
  const us = (iso: string): bigint => {
    const [, frac = ''] = /\.(\d+)Z$/.exec(iso) ?? [];
    return BigInt(Date.parse(iso.replace(/\.\d+Z$/, 'Z'))) * 1000n + BigInt(frac.padEnd(6, '0').slice(0, 6));
  };
  return Number(us(to) - us(from)) / 1e6;
}

async function rows<R>(db: Db, sql: string, params: unknown[] = []): Promise<R[]> {
  return db.query<R>(sql, params);
}

describe("the design's second part in the ETL: derived facts", function () {
  const dbs = suiteDbs({ batchSize: 1000 });
  const d = demo();
  const story = d.stories.byId['division-by-zero'];

  before(async () => {
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
  });

  it('state changes of a story scenario: its lifecycle and every run, field by field', async () => {
    const s = d.scenarios.find((x) => x.id === story.scenario_id)!;
    const got = await rows<Record<string, string | null>>(
      dbs.reporting,
      `SELECT change_key, entity, run_id, from_state, to_state, to_char(changed_at, ${TS}) AS changed_at, changed_by, request_id,
              seconds_in_previous_state::text AS seconds
         FROM reporting.fact_scenario_state_change WHERE scenario_id = $1 ORDER BY change_key`,
      [s.id],
    );
    // The lifecycle the source row holds: created → draft, then submitted and locked when set.
    const steps: Array<[string, string | null, string | null, string | null]> = [
      ['created', s.created_at, s.created_by, s.created_req_id],
      ['submitted', s.submitted_at, s.submitted_by, s.submitted_req_id],
      ['locked', s.locked_at, s.locked_by, s.locked_req_id],
    ];
    const implied = s.locked_at ? 'locked' : s.submitted_at ? 'submitted' : 'draft';
    if (s.status !== implied) steps.push(['updated', s.updated_at, s.updated_by, s.updated_req_id]);
    const lifecycle = steps.filter((x) => x[1] !== null).sort((a, b) => Date.parse(a[1]!) - Date.parse(b[1]!));
    const toState: Record<string, string> = { created: 'draft', submitted: 'submitted', locked: 'locked', updated: s.status };
    const expected: Array<Record<string, string | null>> = lifecycle.map(([step, at, by, req], i) => ({
      change_key: `scenario:${step}`,
      entity: 'scenario',
      run_id: null,
      from_state: i === 0 ? null : toState[lifecycle[i - 1][0]],
      to_state: toState[step],
      changed_at: pg(at),
      changed_by: by,
      request_id: req,
      seconds: i === 0 ? null : String(seconds(lifecycle[i - 1][1]!, at!)),
    }));
    for (const r of d.runs.filter((x) => x.scenario_id === s.id)) {
      expected.push({
        change_key: `run:${r.id}:started`,
        entity: 'run',
        run_id: r.id,
        from_state: null,
        to_state: r.run_status === 'queued' ? 'queued' : 'running',
        changed_at: pg(r.run_at),
        changed_by: r.run_by,
        request_id: r.run_req_id,
        seconds: null,
      });
      if (r.run_complete_at && r.run_status !== 'queued' && r.run_status !== 'running') {
        expected.push({
          change_key: `run:${r.id}:ended`,
          entity: 'run',
          run_id: r.id,
          from_state: 'running',
          to_state: r.run_status,
          changed_at: pg(r.run_complete_at),
          changed_by: null,
          request_id: r.run_req_id,
          seconds: String(seconds(r.run_at, r.run_complete_at)),
        });
      }
    }
    expected.sort((a, b) => (a.change_key! < b.change_key! ? -1 : 1));
    assert.ok(expected.length >= 6, 'a scenario with a lifecycle and runs');
    assert.deepEqual(
      got.map((g) => ({ ...g, seconds: g.seconds === null ? null : String(Number(g.seconds)) })),
      expected,
    );
    // The story's failure, as a transition.
    const failed = got.find((g) => g.change_key === `run:${story.failed_run_id}:ended`)!;
    assert.deepEqual([failed.from_state, failed.to_state], ['running', story.failed_status]);
  });

  it('run diagnostics: the story runs with the known answers, and every run like the source', async () => {
    type Diag = {
      run_id: string;
      scenario_id: string;
      run_status: string;
      error_category: string | null;
      error_category_detail: string | null;
      fail_reason: string | null;
      total_nodes: number;
      failed_nodes: number;
      first_failed_node_id: string | null;
      previous_success_run_id: string | null;
      seconds_since_previous_success: number | null;
      duration_seconds: number | null;
      log_records: number;
    };
    const all = await rows<Diag>(dbs.reporting, 'SELECT * FROM reporting.fact_run_diagnostic');
    assert.equal(all.length, d.runs.length, 'one row per run');
    const byRun = new Map(all.map((r) => [r.run_id, r]));
    // The stories say what the answer is.
    const failed = byRun.get(story.failed_run_id)!;
    assert.equal(failed.run_status, story.failed_status);
    assert.equal(failed.fail_reason, story.fail_reason);
    assert.equal(failed.previous_success_run_id, story.last_success_run_id);
    assert.equal(failed.first_failed_node_id, story.failed_node_id);
    assert.deepEqual([failed.error_category, failed.error_category_detail], ['calculation', 'calculation'], 'a division by zero');
    const last = d.runs.find((r) => r.id === story.last_success_run_id)!;
    const fr = d.runs.find((r) => r.id === story.failed_run_id)!;
    assert.equal(Number(failed.seconds_since_previous_success), seconds(last.run_at, fr.run_at));
    assert.equal(failed.log_records, 0, "the logs step's column keeps its default");
    const platform = Object.fromEntries(d.stories.platform.map((p) => [p.id, byRun.get(p.failed_run_id)!]));
    assert.deepEqual(
      [platform['oom-after-benign-edits'].error_category_detail, platform['oom-after-benign-edits'].error_category],
      ['infrastructure', 'calculation'],
      'an out-of-memory kill: the calculation process died',
    );
    assert.deepEqual(
      [platform['rerun-same-inputs-succeeded'].error_category_detail, platform['rerun-same-inputs-succeeded'].error_category],
      ['infrastructure', 'database'],
      'a dropped database connection',
    );
    // Every run against the generated rows.
    for (const r of d.runs) {
      const g = byRun.get(r.id)!;
      const runs = d.runs.filter((x) => x.scenario_id === r.scenario_id).map((x) => ({ ...x, run_id: x.id }));
      const prev = lastSuccessBefore(runs, { run_id: r.id, run_at: r.run_at });
      const calcs = d.nodeCalcs.filter((c) => c.run_id === r.id);
      const failedCalcs = calcs.filter((c) => c.status === 'failed');
      assert.equal(g.previous_success_run_id, prev?.id ?? null, r.id);
      assert.equal(g.seconds_since_previous_success === null ? null : Number(g.seconds_since_previous_success), prev ? seconds(prev.run_at, r.run_at) : null, r.id);
      assert.equal(g.total_nodes, calcs.length, r.id);
      assert.equal(g.failed_nodes, failedCalcs.length, r.id);
      assert.equal(g.first_failed_node_id === null, failedCalcs.length === 0, r.id);
      assert.equal(g.duration_seconds === null, r.run_complete_at === null, r.id);
      assert.equal(g.error_category === null, !['failed', 'timeout'].includes(r.run_status), r.id);
    }
  });

  it("user actions: one per event with a user; a new session after 30 minutes without the user's action", async () => {
    const [counts] = await rows<{ events: number; actions: number }>(
      dbs.reporting,
      `SELECT (SELECT count(*) FROM reporting.fact_scenario_events WHERE event_user IS NOT NULL)::int AS events,
              (SELECT count(*) FROM reporting.fact_user_action)::int AS actions`,
    );
    assert.ok(counts.events > 1000);
    assert.equal(counts.actions, counts.events);
    // The sessions, recomputed here from the loaded events (the first part) by the rule.
    const events = await rows<{ user: string; scenario_id: string; key: string; at: string; us: string }>(
      dbs.reporting,
      `SELECT event_user AS user, scenario_id, event_key AS key, to_char(event_timestamp, ${TS}) AS at,
              (extract(epoch FROM event_timestamp) * 1000000)::bigint::text AS us
         FROM reporting.fact_scenario_events WHERE event_user IS NOT NULL
        ORDER BY event_user, event_timestamp, scenario_id, event_key`,
    );
    const actions = new Map(
      (
        await rows<{ scenario_id: string; action_key: string; session_id: string; started: string; seconds: string | null }>(
          dbs.reporting,
          `SELECT scenario_id, action_key, session_id, to_char(session_started_at, ${TS}) AS started, seconds_since_previous::text AS seconds
             FROM reporting.fact_user_action`,
        )
      ).map((a) => [`${a.scenario_id}/${a.action_key}`, a]),
    );
    let start = '';
    let sessions = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const p = events[i - 1];
      const gapUs = p && p.user === e.user ? BigInt(e.us) - BigInt(p.us) : null;
      if (gapUs === null || gapUs > 30n * 60n * 1_000_000n) {
        start = e.at;
        sessions++;
      }
      const a = actions.get(`${e.scenario_id}/${e.key}`)!;
      assert.equal(a.started, start, `${e.user} ${e.key}`);
      assert.equal(a.session_id, `${e.user}/${start.replace(' ', 'T').slice(0, 23)}Z`);
      assert.equal(a.seconds === null ? null : Number(a.seconds), gapUs === null ? null : Number(gapUs) / 1e6, `${e.user} ${e.key}`);
    }
    const [distinct] = await rows<{ n: number }>(dbs.reporting, 'SELECT count(DISTINCT session_id)::int AS n FROM reporting.fact_user_action');
    assert.equal(distinct.n, sessions);
    // A user of the story scenario with two actions more than 30 minutes apart: two sessions.
    const [gap] = await rows<{ user_id: string; a: string; b: string; sa: string; sb: string; gap: number }>(
      dbs.reporting,
      `SELECT x.user_id, x.action_key AS a, y.action_key AS b, x.session_id AS sa, y.session_id AS sb,
              extract(epoch FROM y.action_at - x.action_at)::float8 AS gap
         FROM reporting.fact_user_action x
         JOIN reporting.fact_user_action y ON y.user_id = x.user_id AND y.scenario_id = x.scenario_id
        WHERE x.scenario_id = $1 AND y.action_at > x.action_at + interval '30 minutes'
          AND NOT EXISTS (SELECT 1 FROM reporting.fact_user_action z
                           WHERE z.user_id = x.user_id AND z.action_at > x.action_at AND z.action_at < y.action_at)
        ORDER BY x.action_at LIMIT 1`,
      [story.scenario_id],
    );
    assert.ok(gap, 'the story scenario has a user who came back after more than 30 minutes');
    assert.ok(gap.gap > 1800);
    assert.notEqual(gap.sa, gap.sb, `${gap.user_id}: ${gap.a} and ${gap.b} are two sessions`);
  });

  it('a rerun writes nothing: full and incremental leave every derived row as it was', async () => {
    const versions = async (): Promise<string> =>
      (
        await rows<{ v: string }>(
          dbs.reporting,
          `SELECT md5(string_agg(v, ',' ORDER BY v)) AS v FROM (
              SELECT 's' || ctid::text || etl_loaded_at::text AS v FROM reporting.fact_scenario_state_change
              UNION ALL SELECT 'a' || ctid::text || etl_loaded_at::text FROM reporting.fact_user_action
              UNION ALL SELECT 'd' || ctid::text || etl_loaded_at::text FROM reporting.fact_run_diagnostic) x`,
        )
      )[0].v;
    const before = await versions();
    const inc = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.deepEqual([inc.loaded.fact_scenario_state_change, inc.loaded.fact_user_action, inc.loaded.fact_run_diagnostic], [0, 0, 0]);
    assert.equal(await versions(), before, 'no row rewritten');
  });

  it("the audit trail's rows are the union of its sources after an ETL", async () => {
    const [c] = await rows<{ view: number; union: number; missing: number; extra: number }>(
      dbs.reporting,
      `WITH src AS (
          SELECT 'event:' || scenario_id || ':' || event_key AS k, event_timestamp AS t FROM reporting.fact_scenario_events
          UNION ALL SELECT 'state:' || scenario_id || ':' || change_key, changed_at FROM reporting.fact_scenario_state_change
          UNION ALL SELECT 'action:' || scenario_id || ':' || action_key, action_at FROM reporting.fact_user_action
          UNION ALL SELECT 'diagnostic:' || run_id, coalesce(run_complete_at, run_at) FROM reporting.fact_run_diagnostic
          UNION ALL SELECT 'log:' || log_key, log_timestamp FROM reporting.fact_cloudwatch_log
                     WHERE scenario_id IS NOT NULL AND lower(coalesce(log_level, '')) IN ('warn', 'warning', 'error', 'fatal', 'critical'))
       SELECT (SELECT count(*) FROM reporting.view_scenario_audit_trail)::int AS view,
              (SELECT count(*) FROM src)::int AS union,
              (SELECT count(*) FROM (SELECT k, t FROM src EXCEPT SELECT audit_key, "timestamp" FROM reporting.view_scenario_audit_trail) m)::int AS missing,
              (SELECT count(*) FROM (SELECT audit_key, "timestamp" FROM reporting.view_scenario_audit_trail EXCEPT SELECT k, t FROM src) e)::int AS extra`,
    );
    assert.ok(c.union > 10_000);
    assert.deepEqual(c, { view: c.union, union: c.union, missing: 0, extra: 0 });
  });

  it('the audit trail is kept by the run that changes its sources: a rerun writes nothing, a new save adds its two rows', async () => {
    const versions = async (): Promise<string> =>
      (await rows<{ v: string }>(dbs.reporting, `SELECT md5(string_agg(ctid::text, ',' ORDER BY ctid)) AS v FROM reporting.view_scenario_audit_trail`))[0].v;
    const [{ kind }] = await rows<{ kind: string }>(
      dbs.reporting,
      "SELECT c.relkind::text AS kind FROM pg_class c WHERE c.oid = 'reporting.view_scenario_audit_trail'::regclass",
    );
    assert.equal(kind, 'r', 'a table the ETL keeps (migration 015), not a materialized view refreshed whole');
    const before = await versions();
    const [{ n: count }] = await rows<{ n: number }>(dbs.reporting, 'SELECT count(*)::int AS n FROM reporting.view_scenario_audit_trail');
    const rerun = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(rerun.loaded.view_scenario_audit_trail, 0);
    assert.equal(await versions(), before, 'no row rewritten by a run that changed nothing');
    // A save in production: the next incremental adds its event and action, in its own transaction.
    const d = demo();
    const s = d.scenarios.find((x) => x.id === story.scenario_id)!;
    const node = d.nodes.find((n) => n.model_id === s.model_id && n.node_type === 'input')!;
    const [{ w }] = await rows<{ w: string }>(dbs.reporting, "SELECT (watermark + interval '1 minute')::text AS w FROM reporting.etl_state WHERE name = 'default'");
    const save = randomUUID();
    const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
    try {
      await writer.query(
        `INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by)
         VALUES ($1, $2, $3, '{"value": 7}'::jsonb, 'hash-audit-7', $4::timestamp, 'e.lindqvist')`,
        [save, s.id, node.id, w],
      );
    } finally {
      if (writer !== dbs.reporting) await writer.close();
    }
    const inc = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' });
    assert.equal(inc.loaded.view_scenario_audit_trail, 2, 'the save\'s event and user action, nothing rewritten');
    const added = await rows<{ audit_source: string; user_id: string }>(
      dbs.reporting,
      'SELECT audit_source, user_id FROM reporting.view_scenario_audit_trail WHERE audit_key IN ($1, $2) ORDER BY 1',
      [`event:${s.id}:INPUT_CHANGED:${save}`, `action:${s.id}:INPUT_CHANGED:${save}`],
    );
    assert.deepEqual(added, [
      { audit_source: 'event', user_id: 'e.lindqvist' },
      { audit_source: 'user_action', user_id: 'e.lindqvist' },
    ]);
    const [{ n: after }] = await rows<{ n: number }>(dbs.reporting, 'SELECT count(*)::int AS n FROM reporting.view_scenario_audit_trail');
    assert.equal(after, count + 2);
    // A row edited behind the ETL's back in a touched scenario is put back; one of a source gone is removed.
    await dbs.reporting.query("UPDATE reporting.view_scenario_audit_trail SET description = 'edited' WHERE audit_key = $1", [`event:${s.id}:INPUT_CHANGED:${save}`]);
    await dbs.reporting.query(
      "INSERT INTO reporting.view_scenario_audit_trail (audit_key, audit_source, scenario_id, \"timestamp\", description) VALUES ('event:' || $1 || ':GONE', 'event', $1::uuid, now(), 'stray')",
      [s.id],
    );
    assert.deepEqual(await dbs.reporting.transaction((tx) => syncAuditTrail(tx, { scenarios: [s.id], runs: [], from: null })), { written: 1, removed: 1 });
    const [{ n: final }] = await rows<{ n: number }>(dbs.reporting, 'SELECT count(*)::int AS n FROM reporting.view_scenario_audit_trail');
    assert.equal(final, count + 2);
  });

  it('foreign keys: the design references as constraints, validated, deferred to the commit; a dangling row is refused', async () => {
    const fks = await rows<{ name: string; tbl: string; ref: string; validated: boolean; deferred: boolean; del: string }>(
      dbs.reporting,
      `SELECT c.conname AS name, t.relname AS tbl, r.relname AS ref, c.convalidated AS validated, c.condeferred AS deferred, c.confdeltype AS del
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
        WHERE c.contype = 'f' AND c.connamespace = 'reporting'::regnamespace AND c.conparentid = 0 ORDER BY 1`,
    );
    assert.equal(fks.length, 19);
    assert.ok(fks.every((f) => f.validated && f.deferred), JSON.stringify(fks));
    assert.deepEqual(
      fks.filter((f) => f.del === 'c').map((f) => f.name),
      ['fk_action_run', 'fk_action_scenario', 'fk_diagnostic_run', 'fk_diagnostic_scenario', 'fk_state_run', 'fk_state_scenario'],
    );
    await assert.rejects(
      dbs.reporting.query(
        `INSERT INTO reporting.fact_node_calculations (scenario_id, calc_id, run_id, node_id, calc_status, run_at)
         VALUES ($1, $2, $3, $4, 'success', '2026-11-20 10:00:00')`,
        [story.scenario_id, randomUUID(), randomUUID(), story.failed_node_id],
      ),
      /violates foreign key constraint "fk_calcs_run"/,
    );
  });

  it('etl --scenario-id: an unknown id is one clear error and writes nothing', async () => {
    const before = await rows<{ n: number }>(dbs.reporting, 'SELECT count(*)::int AS n FROM reporting.etl_run_log');
    const unknown = randomUUID();
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental', scenarioId: unknown }), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.exitCode, 1);
      assert.equal(err.message, `--scenario-id: no scenario ${unknown} in production (fc_scenario); nothing was loaded`);
      return true;
    });
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental', scenarioId: 'nope' }), /--scenario-id: not a scenario id \(a UUID\): 'nope'/);
    assert.deepEqual(await rows<{ n: number }>(dbs.reporting, 'SELECT count(*)::int AS n FROM reporting.etl_run_log'), before, 'no run logged');
  });
});

/** One scenario's rows of every table the ETL writes, as comparable text (no load-dependent column). */
async function scenarioRows(db: Db, scenario: string): Promise<Record<string, string[]>> {
  const skip = `- 'etl_loaded_at' - 'event_id' - 'change_id' - 'state_change_id' - 'action_id' - 'diagnostic_id'`;
  const tables: Record<string, string> = {
    dim_scenario: `SELECT to_jsonb(x) ${skip} FROM reporting.dim_scenario x WHERE scenario_id = $1`,
    dim_run: `SELECT to_jsonb(x) ${skip} FROM reporting.dim_run x WHERE scenario_id = $1`,
    fact_scenario_events: `SELECT to_jsonb(x) ${skip} FROM reporting.fact_scenario_events x WHERE scenario_id = $1`,
    fact_input_changes: `SELECT to_jsonb(x) ${skip} FROM reporting.fact_input_changes x WHERE scenario_id = $1`,
    fact_node_calculations: `SELECT to_jsonb(x) ${skip} FROM reporting.fact_node_calculations x WHERE scenario_id = $1`,
    fact_scenario_state_change: `SELECT to_jsonb(x) ${skip} FROM reporting.fact_scenario_state_change x WHERE scenario_id = $1`,
    fact_user_action: `SELECT to_jsonb(x) ${skip} - 'session_id' - 'session_started_at' - 'seconds_since_previous' FROM reporting.fact_user_action x WHERE scenario_id = $1`,
    fact_run_diagnostic: `SELECT to_jsonb(x) ${skip} FROM reporting.fact_run_diagnostic x WHERE scenario_id = $1`,
  };
  const out: Record<string, string[]> = {};
  for (const [t, sql] of Object.entries(tables)) {
    out[t] = (await db.query<{ j: unknown }>(`SELECT j::text AS j FROM (${sql}) q(j) ORDER BY 1`, [scenario])).map((r) => String(r.j));
  }
  return out;
}

describe('etl --scenario-id: one scenario, its whole history', function () {
  let full: TestDbs;
  let one: TestDbs;
  const story = demo().stories.byId['division-by-zero'];
  before(async () => {
    full = await seededDbs();
    one = await seededDbs();
    await runEtl({ source: full.prod, target: full.reporting, mode: 'full' });
  });
  after(async () => {
    await full?.close();
    await one?.close();
  });

  it("loads the scenario's rows exactly as a full load has them, and nothing else; the watermark stays", async () => {
    const r = await runEtl({ source: one.prod, target: one.reporting, mode: 'incremental', scenarioId: story.scenario_id.toUpperCase() });
    assert.equal(r.mode, 'scenario');
    assert.equal(r.scenario_id, story.scenario_id);
    assert.equal(r.watermark, null);
    const d = demo();
    assert.equal(r.extracted.fc_scenario_run, d.runs.filter((x) => x.scenario_id === story.scenario_id).length);
    assert.equal(r.extracted.fc_scenario_node_data, d.nodeData.filter((x) => x.scenario_id === story.scenario_id).length);
    const got = await scenarioRows(one.reporting, story.scenario_id);
    const want = await scenarioRows(full.reporting, story.scenario_id);
    for (const t of Object.keys(want)) assert.ok(want[t].length > 0, `${t} has rows of the scenario`);
    assert.deepEqual(got, want);
    const [others] = await one.reporting.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting.dim_run WHERE scenario_id <> $1', [story.scenario_id]);
    assert.equal(others.n, 0, 'no other scenario loaded');
    const [state] = await one.reporting.query<{ n: number }>("SELECT count(*)::int AS n FROM reporting.etl_state WHERE name = 'default' AND watermark IS NOT NULL");
    assert.equal(state.n, 0, 'no watermark written');
    const [log] = await one.reporting.query<{ mode: string; status: string }>('SELECT mode, status FROM reporting.etl_run_log ORDER BY id DESC LIMIT 1');
    assert.deepEqual(log, { mode: 'scenario', status: 'success' });
    // Again: nothing new is written.
    const again = await runEtl({ source: one.prod, target: one.reporting, mode: 'incremental', scenarioId: story.scenario_id });
    assert.deepEqual([again.loaded.fact_scenario_state_change, again.loaded.fact_user_action, again.loaded.fact_run_diagnostic], [0, 0, 0]);
    // The next incremental run after it is a first load and gives what a full load gives.
    await runEtl({ source: one.prod, target: one.reporting, mode: 'incremental' });
    assert.deepEqual(await scenarioRows(one.reporting, story.scenario_id), want);
  });
});

/** The new tables' columns and types as 010 and 011 define them (information_schema's names). */
const NEW_COLUMNS: Record<string, Array<[string, string]>> = {
  fact_scenario_state_change: [
    ['state_change_id', 'bigint'], ['scenario_id', 'uuid'], ['change_key', 'text'], ['entity', 'text'], ['run_id', 'uuid'],
    ['from_state', 'text'], ['to_state', 'text'], ['changed_at', 'timestamp without time zone'], ['changed_by', 'text'],
    ['request_id', 'uuid'], ['seconds_in_previous_state', 'numeric'], ['metadata', 'jsonb'], ['etl_loaded_at', 'timestamp without time zone'],
  ],
  fact_user_action: [
    ['action_id', 'bigint'], ['scenario_id', 'uuid'], ['action_key', 'text'], ['user_id', 'text'], ['action_type', 'text'],
    ['action_at', 'timestamp without time zone'], ['run_id', 'uuid'], ['node_id', 'uuid'], ['request_id', 'uuid'], ['session_id', 'text'],
    ['session_started_at', 'timestamp without time zone'], ['seconds_since_previous', 'numeric'], ['description', 'text'], ['metadata', 'jsonb'],
    ['etl_loaded_at', 'timestamp without time zone'],
  ],
  fact_run_diagnostic: [
    ['diagnostic_id', 'bigint'], ['run_id', 'uuid'], ['scenario_id', 'uuid'], ['run_status', 'text'], ['run_at', 'timestamp without time zone'],
    ['run_complete_at', 'timestamp without time zone'], ['duration_seconds', 'double precision'], ['run_by', 'text'], ['request_id', 'uuid'],
    ['fail_reason', 'text'], ['fail_signature', 'text'], ['error_category', 'text'], ['error_category_detail', 'text'], ['stack_trace', 'text'],
    ['total_nodes', 'integer'], ['failed_nodes', 'integer'], ['first_failed_node_id', 'uuid'], ['log_records', 'integer'], ['log_errors', 'integer'],
    ['log_warnings', 'integer'], ['previous_success_run_id', 'uuid'], ['seconds_since_previous_success', 'double precision'], ['metadata', 'jsonb'],
    ['etl_loaded_at', 'timestamp without time zone'],
  ],
};
/** The audit trail's columns (a materialized view: pg_attribute, not information_schema). */
const VIEW_COLUMNS: Array<[string, string]> = [
  ['audit_key', 'text'], ['audit_source', 'text'], ['scenario_id', 'uuid'], ['timestamp', 'timestamp without time zone'], ['event_type', 'text'],
  ['user_id', 'text'], ['run_id', 'uuid'], ['node_id', 'uuid'], ['correlation_id', 'text'], ['description', 'text'], ['error_category', 'text'],
  ['metadata', 'jsonb'],
];

describe('migration 011 on an empty schema', function () {
  it('creates the constraints and the new tables with their columns and types; the derived facts are empty', async () => {
    const dbs = await seededDbs();
    try {
      const applied = await migrate(dbs.reporting);
      assert.ok(applied.includes(11));
      const [c] = await dbs.reporting.query<{ fks: number; rows: number }>(
        `SELECT (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'reporting'::regnamespace AND conparentid = 0)::int AS fks,
                (SELECT count(*) FROM reporting.fact_user_action)::int + (SELECT count(*) FROM reporting.fact_run_diagnostic)::int
                  + (SELECT count(*) FROM reporting.fact_scenario_state_change)::int AS rows`,
      );
      assert.deepEqual(c, { fks: 19, rows: 0 });
      for (const [table, want] of Object.entries(NEW_COLUMNS)) {
        const got = await dbs.reporting.query<{ c: string; t: string }>(
          `SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        );
        assert.deepEqual(got.map((r) => [r.c, r.t]), want, table);
      }
      const view = await dbs.reporting.query<{ c: string; t: string }>(
        `SELECT attname AS c, format_type(atttypid, atttypmod) AS t FROM pg_attribute
          WHERE attrelid = 'reporting.view_scenario_audit_trail'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      );
      assert.deepEqual(view.map((r) => [r.c, r.t]), VIEW_COLUMNS);
      const [design] = await dbs.reporting.query<{ t: string }>(
        "SELECT data_type AS t FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name = 'dim_run' AND column_name = 'design_category'",
      );
      assert.equal(design?.t, 'text');
    } finally {
      await dbs.close();
    }
  });
});

describe("sessions after a late action in the middle of a user's history (incremental = full)", function () {
  const dbs = suiteDbs({});

  it("an action between two sessions merges them: the incremental run recomputes from the session before it, as a full load does", async () => {
    const d = demo();
    // Two consecutive actions of one user 40–55 minutes apart: two sessions today.
    const [gap] = await dbs.reporting.query<{ user_id: string; scenario_id: string; a_at: string; b_key: string; b_scenario: string; minutes: number }>(
      `SELECT x.user_id, x.scenario_id, to_char(x.action_at, 'YYYY-MM-DD HH24:MI:SS.US') AS a_at, y.action_key AS b_key, y.scenario_id AS b_scenario,
              extract(epoch FROM y.action_at - x.action_at)::float8 / 60 AS minutes
         FROM reporting.fact_user_action x
         JOIN LATERAL (SELECT * FROM reporting.fact_user_action z WHERE z.user_id = x.user_id AND (z.action_at, z.scenario_id, z.action_key) > (x.action_at, x.scenario_id, x.action_key)
                        ORDER BY z.action_at, z.scenario_id, z.action_key LIMIT 1) y ON true
        WHERE y.action_at - x.action_at BETWEEN interval '40 minutes' AND interval '55 minutes'
        ORDER BY x.action_at, x.user_id LIMIT 1`,
    );
    assert.ok(gap, 'the demo has a user with a 40–55 minute pause');
    const [b] = await dbs.reporting.query<{ session_started_at: string }>(
      `SELECT to_char(session_started_at, 'YYYY-MM-DD HH24:MI:SS.US') AS session_started_at FROM reporting.fact_user_action WHERE scenario_id = $1 AND action_key = $2`,
      [gap.b_scenario, gap.b_key],
    );
    // A save of that user half-way through the pause, on a node whose saves all came before it
    // (the previous one ends there, as production's append-only history has it).
    const at = new Date(Date.parse(`${gap.a_at.replace(' ', 'T')}Z`) + (gap.minutes / 2) * 60_000).toISOString();
    const latest = new Map<string, (typeof d.nodeData)[number]>();
    for (const x of d.nodeData) {
      const k = `${x.scenario_id}/${x.model_node_id}`;
      const l = latest.get(k);
      if (!l || Date.parse(x.created_at) > Date.parse(l.created_at)) latest.set(k, x);
    }
    const previous = [...latest.values()].find((x) => Date.parse(x.created_at) < Date.parse(at) && x.end_at === null);
    assert.ok(previous, 'a node whose last save came before the pause');
    const pgAt = at.replace('T', ' ').replace('Z', '');
    const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
    try {
      await writer.query('UPDATE fc_scenario_node_data SET end_at = $1::timestamp WHERE id = $2', [pgAt, previous.id]);
      await writer.query(
        `INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by)
         VALUES ($1, $2, $3, '{"value": 1}'::jsonb, 'hash-late-1', $4::timestamp, $5)`,
        [randomUUID(), previous.scenario_id, previous.model_node_id, pgAt, gap.user_id],
      );
    } finally {
      if (writer !== dbs.reporting) await writer.close();
    }
    // Read again from before the save (a row committed late, inside a wide overlap).
    const [{ minutes }] = await dbs.reporting.query<{ minutes: number }>(
      "SELECT ceil(extract(epoch FROM watermark - $1::timestamp) / 60)::int + 1 AS minutes FROM reporting.etl_state WHERE name = 'default'",
      [pgAt],
    );
    const inc = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental', overlapMinutes: minutes });
    assert.equal(inc.loaded.fact_user_action >= 1, true);
    const [after] = await dbs.reporting.query<{ session_started_at: string }>(
      `SELECT to_char(session_started_at, 'YYYY-MM-DD HH24:MI:SS.US') AS session_started_at FROM reporting.fact_user_action WHERE scenario_id = $1 AND action_key = $2`,
      [gap.b_scenario, gap.b_key],
    );
    assert.notEqual(after.session_started_at, b.session_started_at, 'the later action joined the earlier session');
    assert.ok(after.session_started_at <= gap.a_at, 'its session now starts at or before the earlier action');
    const incremental = await digest(dbs.reporting);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    assert.deepEqual(incremental, await digest(dbs.reporting), 'incremental = full reload');
  });
});
