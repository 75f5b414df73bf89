/**
 * The log load (src/etl/logs): plain, JSON-lines and gzip files and the local
 * CloudWatch-protocol endpoint → reporting.fact_cloudwatch_log, with the run, scenario,
 * request, category and stack each record should get (the test writes the records naming
 * runs it picked from the demo); reruns, grown files, failing sources, runs arriving after
 * their logs, fact_run_diagnostic's log columns, and a run's logs read from the reporting
 * schema against the same read live.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Db } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { runDiagnostics, runLogs } from '../../src/engine/diagnostics';
import { Engine } from '../../src/engine/engine';
import { runEtl } from '../../src/etl/etl';
import { loadLogs } from '../../src/etl/logs/load';
import { chooseLogSources, ReportingLogSource } from '../../src/etl/logs/reportingSource';
import { CloudWatchLogSource } from '../../src/logs/cloudwatch';
import { FileLogSource } from '../../src/logs/fileSource';
import type { LogSource } from '../../src/logs/types';
import { FakeCloudWatch } from '../fakeCloudWatch';
import { ON_SERVER } from './setup';
import { suiteDbs } from './suite';

/** view_scenario_audit_trail holds exactly what its definition (migration 015) gives over the facts. */
async function assertTrailIsItsDefinition(db: Db): Promise<void> {
  const [d] = await db.query<{ missing: number; extra: number; rows: number }>(
    `SELECT (SELECT count(*) FROM (SELECT * FROM reporting.audit_trail_rows EXCEPT ALL SELECT * FROM reporting.view_scenario_audit_trail) m)::int AS missing,
            (SELECT count(*) FROM (SELECT * FROM reporting.view_scenario_audit_trail EXCEPT ALL SELECT * FROM reporting.audit_trail_rows) e)::int AS extra,
            (SELECT count(*) FROM reporting.view_scenario_audit_trail WHERE audit_source = 'log')::int AS rows`,
  );
  assert.ok(d.rows > 0, 'log records in the trail');
  assert.deepEqual([d.missing, d.extra], [0, 0]);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface PickedRun {
  run_id: string;
  scenario_id: string;
  run_req_id: string | null;
  run_at: string;
  run_complete_at: string;
}

/** `2026-03-01 10:00:00,123` for an ISO time plus `ms`. */
function at(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}

const TRACE = ['Traceback (most recent call last):', '  File "/opt/engine/calc.py", line 9, in evaluate', '    return a / b', 'ZeroDivisionError: division by zero'].join('\n');

interface Row {
  log_key: string;
  log_timestamp: string;
  log_level: string | null;
  message: string;
  stack_trace: string | null;
  correlation_id: string | null;
  scenario_id: string | null;
  run_id: string | null;
  request_id: string | null;
  error_category: string | null;
  error_category_detail: string | null;
  log_source: string;
  log_group: string | null;
  log_stream: string | null;
  origin: string;
  line_number: number | null;
  metadata: Record<string, unknown>;
}

async function rowByMessage(db: Db, message: string): Promise<Row> {
  const rows = await db.query<Row>('SELECT * FROM reporting.fact_cloudwatch_log WHERE message = $1', [message]);
  assert.equal(rows.length, 1, `one row for '${message}', found ${rows.length}`);
  return rows[0];
}

async function total(db: Db): Promise<number> {
  return Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM reporting.fact_cloudwatch_log'))[0].n);
}

function creds(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret' };
}

for (const layout of ['plain', 'partitioned'] as const) {
  describe(`log load into fact_cloudwatch_log (${layout} layout)`, function () {
    this.timeout(300_000);
    const dbs = suiteDbs({ partitioned: layout === 'partitioned' });
    const fake = new FakeCloudWatch();
    let endpoint = '';
    let dir = '';
    let A: PickedRun;
    let B: PickedRun;
    /** A run not in production yet (it arrives later), and one that never does. */
    const U = randomUUID();
    const V = randomUUID();
    let now = 0;
    let files: FileLogSource;
    let cloud: CloudWatchLogSource;
    const sources = (): LogSource[] => [files, cloud];

    before(async () => {
      endpoint = await fake.start();
      dir = mkdtempSync(join(tmpdir(), 'clearsight-logs-etl-'));
      [A] = await dbs.reporting.query<PickedRun>(
        `SELECT run_id, scenario_id, run_req_id, run_at, run_complete_at FROM reporting.dim_run
          WHERE run_status = 'failed' AND run_req_id IS NOT NULL AND run_complete_at IS NOT NULL ORDER BY run_at, run_id LIMIT 1`,
      );
      [B] = await dbs.reporting.query<PickedRun>(
        `SELECT run_id, scenario_id, run_req_id, run_at, run_complete_at FROM reporting.dim_run
          WHERE scenario_id <> $1 AND run_complete_at IS NOT NULL AND run_at > $2::timestamp ORDER BY run_at, run_id LIMIT 1`,
        [A.scenario_id, A.run_complete_at.replace('T', ' ').replace('Z', '')],
      );
      assert.ok(A && B, 'the demo has a failed run with a request id and a run of another scenario');
      now = Math.max(Date.parse(A.run_complete_at), Date.parse(B.run_complete_at)) + 86_400_000;
      assert.ok(now - Date.parse(A.run_at) < 6 * 86_400_000, 'both runs within the CloudWatch window');
      // Plain text: a run's start, its failure with a traceback, its request, its scenario, a heartbeat.
      writeFileSync(
        join(dir, 'engine.log'),
        [
          `${at(A.run_at, 1000)} INFO [engine.run] run ${A.run_id} started`,
          `${at(A.run_at, 2000)} ERROR [engine.calc] run=${A.run_id} node 'Net revenue' failed`,
          TRACE,
          `${at(A.run_at, 3000)} INFO [engine.queue] picked up request ${A.run_req_id}`,
          `${at(A.run_at, 4000)} DEBUG [engine.io] scenario ${A.scenario_id} inputs loaded`,
          `${at(A.run_at, 5000)} INFO [engine.worker] heartbeat`,
          `${at(A.run_at, 6000)} INFO [engine.run] run ${V} started`,
          '',
        ].join('\n'),
      );
      // JSON lines: fields kept as metadata.
      writeFileSync(
        join(dir, 'worker.jsonl'),
        [
          JSON.stringify({ ts: new Date(Date.parse(A.run_at) + 7000).toISOString(), level: 'warning', msg: 'slow node', run_id: A.run_id, node: 'Net revenue', attempt: 2 }),
          JSON.stringify({ time: new Date(Date.parse(A.run_at) + 8000).toISOString(), level: 'error', msg: 'canceling statement due to statement timeout', request_id: A.run_req_id }),
          '',
        ].join('\n'),
      );
      // gzip: an archived log of another run.
      writeFileSync(join(dir, 'archive.log.gz'), gzipSync(`${at(B.run_at, 1000)} ERROR [engine.db] run ${B.run_id}: psycopg2.OperationalError: deadlock detected\n`));
      fake.groups = {
        '/cs/engine': [
          { logStreamName: 'engine/i-1', timestamp: Date.parse(A.run_at) + 9000, message: `${at(A.run_at, 9000)} ERROR [engine.calc] run=${A.run_id} retry failed\n${TRACE}\n` },
          { logStreamName: 'engine/i-2', timestamp: Date.parse(B.run_at) + 2000, message: `{"level":"info","msg":"run ${B.run_id} finished","node_count":12}` },
        ],
      };
      files = new FileLogSource(['*.log', '*.jsonl', '*.gz'], dir);
      cloud = new CloudWatchLogSource({ region: 'eu-west-1', logGroups: ['/cs/engine'], endpoint, credentials: creds(), maxAttempts: 1 });
    });
    after(async () => {
      cloud?.dispose();
      await fake.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('loads plain, JSON-lines and gzip files and CloudWatch events with their run, scenario, request, category and stack', async () => {
      // The ETL has written the run's diagnostic row (log columns at their defaults); the row is there either way.
      await dbs.reporting.query(
        `INSERT INTO reporting.fact_run_diagnostic (run_id, scenario_id, run_status, run_at) VALUES ($1, $2, 'failed', $3::timestamp) ON CONFLICT (run_id) DO NOTHING`,
        [A.run_id, A.scenario_id, A.run_at.replace('T', ' ').replace('Z', '')],
      );
      const r = await loadLogs(dbs.reporting, { sources: sources(), now: () => now });
      assert.deepEqual(r.warnings, []);
      assert.equal(r.loaded, 11);
      assert.equal(await total(dbs.reporting), 11);

      const failed = await rowByMessage(dbs.reporting, `[engine.calc] run=${A.run_id} node 'Net revenue' failed`);
      assert.equal(failed.run_id, A.run_id);
      assert.equal(failed.scenario_id, A.scenario_id);
      assert.equal(failed.request_id, A.run_req_id);
      assert.equal(failed.correlation_id, A.run_id);
      assert.equal(failed.log_level, 'ERROR');
      assert.equal(failed.stack_trace, TRACE);
      assert.equal(failed.error_category, 'calculation');
      assert.equal(failed.error_category_detail, 'calculation');
      assert.equal(failed.log_source, 'files');
      assert.equal(failed.origin, join(dir, 'engine.log'));
      assert.equal(failed.line_number, 2);
      assert.equal(Date.parse(failed.log_timestamp), Date.parse(A.run_at) + 2000);
      assert.match(failed.log_key, /^file:.*engine\.log:\d+$/);

      const byRequest = await rowByMessage(dbs.reporting, `[engine.queue] picked up request ${A.run_req_id}`);
      assert.deepEqual([byRequest.run_id, byRequest.request_id, byRequest.correlation_id, byRequest.line_number], [A.run_id, A.run_req_id, A.run_req_id, 7]);
      const byScenario = await rowByMessage(dbs.reporting, `[engine.io] scenario ${A.scenario_id} inputs loaded`);
      assert.deepEqual([byScenario.run_id, byScenario.scenario_id, byScenario.correlation_id, byScenario.error_category], [null, A.scenario_id, A.scenario_id, null]);
      const heartbeat = await rowByMessage(dbs.reporting, '[engine.worker] heartbeat');
      assert.deepEqual([heartbeat.run_id, heartbeat.scenario_id, heartbeat.correlation_id], [null, null, null]);
      const unknown = await rowByMessage(dbs.reporting, `[engine.run] run ${V} started`);
      assert.deepEqual([unknown.run_id, unknown.scenario_id, unknown.correlation_id], [null, null, V]);

      const slow = await rowByMessage(dbs.reporting, 'slow node');
      assert.deepEqual([slow.log_level, slow.run_id, slow.line_number], ['WARN', A.run_id, 1]);
      assert.deepEqual(slow.metadata, { ts: new Date(Date.parse(A.run_at) + 7000).toISOString(), level: 'warning', msg: 'slow node', run_id: A.run_id, node: 'Net revenue', attempt: 2 });
      const timeout = await rowByMessage(dbs.reporting, 'canceling statement due to statement timeout');
      assert.deepEqual([timeout.run_id, timeout.error_category, timeout.error_category_detail], [A.run_id, 'timeout', 'timeout']);

      const archived = await rowByMessage(dbs.reporting, `[engine.db] run ${B.run_id}: psycopg2.OperationalError: deadlock detected`);
      assert.deepEqual([archived.run_id, archived.scenario_id, archived.line_number, archived.error_category, archived.error_category_detail], [B.run_id, B.scenario_id, null, 'database', 'infrastructure']);

      const retry = await rowByMessage(dbs.reporting, `[engine.calc] run=${A.run_id} retry failed`);
      assert.deepEqual(
        [retry.log_source, retry.log_group, retry.log_stream, retry.origin, retry.stack_trace, retry.run_id, retry.error_category, retry.line_number],
        ['cloudwatch', '/cs/engine', 'engine/i-1', '/cs/engine / engine/i-1', TRACE, A.run_id, 'calculation', null],
      );
      assert.match(retry.log_key, /^cloudwatch:\/cs\/engine:\d+$/);
      const finished = await rowByMessage(dbs.reporting, `run ${B.run_id} finished`);
      assert.deepEqual([finished.run_id, finished.metadata.node_count], [B.run_id, 12]);

      // The run's diagnostic: 6 records of A (start, failure, request, JSON warning, JSON timeout, CloudWatch retry), 3 errors, 1 warning, the first error's stack.
      const [d] = await dbs.reporting.query<{ log_records: number; log_errors: number; log_warnings: number; stack_trace: string | null }>(
        'SELECT log_records, log_errors, log_warnings, stack_trace FROM reporting.fact_run_diagnostic WHERE run_id = $1',
        [A.run_id],
      );
      assert.deepEqual(d, { log_records: 6, log_errors: 3, log_warnings: 1, stack_trace: TRACE });
      // The audit trail shows the correlated warnings and errors (not the info and debug records).
      const audit = await dbs.reporting.query<{ audit_key: string; event_type: string; error_category: string | null }>(
        "SELECT audit_key, event_type, error_category FROM reporting.view_scenario_audit_trail WHERE audit_source = 'log' AND run_id = $1 ORDER BY \"timestamp\"",
        [A.run_id],
      );
      assert.deepEqual(
        audit.map((x) => [x.event_type, x.error_category]),
        [
          ['LOG_ERROR', 'calculation'],
          ['LOG_WARN', null],
          ['LOG_ERROR', 'timeout'],
          ['LOG_ERROR', 'calculation'],
        ],
      );
      assert.equal(audit[0].audit_key, `log:${failed.log_key}`);
    });

    it('adds nothing when run again, and only the new records of a grown file', async () => {
      const again = await loadLogs(dbs.reporting, { sources: sources(), now: () => now });
      assert.deepEqual([again.loaded, again.read, again.warnings], [0, 0, []], 'unchanged files are not read again; CloudWatch re-reads only the overlap');
      assert.equal(await total(dbs.reporting), 11);
      appendFileSync(join(dir, 'engine.log'), `${at(A.run_at, 10_000)} WARN [engine.run] run ${A.run_id} slow\n${at(A.run_at, 11_000)} INFO [engine.run] run ${A.run_id} done\n`);
      const grown = await loadLogs(dbs.reporting, { sources: sources(), now: () => now });
      assert.deepEqual([grown.loaded, grown.read], [2, 2]);
      assert.equal(await total(dbs.reporting), 13);
      const slow = await rowByMessage(dbs.reporting, `[engine.run] run ${A.run_id} slow`);
      assert.deepEqual([slow.line_number, slow.log_level, slow.run_id], [11, 'WARN', A.run_id]);
      const [d] = await dbs.reporting.query<{ log_records: number; log_warnings: number }>('SELECT log_records, log_warnings FROM reporting.fact_run_diagnostic WHERE run_id = $1', [A.run_id]);
      assert.deepEqual(d, { log_records: 8, log_warnings: 2 });
      // The same positions through a rerun of everything: still nothing new.
      assert.equal((await loadLogs(dbs.reporting, { sources: sources(), now: () => now })).loaded, 0);
    });

    it('reads a run’s logs from the reporting schema, the same records as live', async () => {
      const engine = await Engine.create(dbs.prod, dbs.reporting, 'auto');
      const stored = await runLogs(engine, A.run_id, sources());
      const live = await runLogs(engine, A.run_id, sources(), { live: true });
      assert.match(stored.logs.readFrom ?? '', /^from the reporting schema, loaded at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(files and CloudWatch\)$/);
      assert.match(live.logs.readFrom ?? '', /^live from files \*\.log, \*\.jsonl, \*\.gz; CloudWatch eu-west-1: \/cs\/engine$/);
      assert.ok(live.logs.lines.length >= 9, `the run's records found live (${live.logs.lines.length})`);
      assert.deepEqual(stored.logs.lines, live.logs.lines);
      // No source configured on this machine: the reporting schema still answers.
      const none = await runDiagnostics(engine, A.run_id, []);
      assert.deepEqual(none.logs.lines, live.logs.lines);
      // CloudWatch is loaded only from `cloudwatchDays` back: a window starting earlier reads CloudWatch live, files from the schema.
      const query = { ...stored.logs.query, from: new Date(now - 8 * 86_400_000).toISOString() };
      const mixed = await chooseLogSources(dbs.reporting, A, query, sources());
      assert.deepEqual(mixed.sources.map((x) => [x.kind, x instanceof ReportingLogSource]), [['files', true], ['cloudwatch', false]]);
      assert.match(mixed.readFrom, /^from the reporting schema, loaded at .* \(files\); live from CloudWatch eu-west-1: \/cs\/engine$/);
      // A window ending after the last load (a run still going) is read live.
      const open = await chooseLogSources(dbs.reporting, A, { ...stored.logs.query, to: new Date(now + 60_000).toISOString() }, sources());
      assert.ok(open.sources.every((x) => !(x instanceof ReportingLogSource)) && open.readFrom.startsWith('live from'));
    });

    it('a failing source is a warning on a committed database load; a run arriving after its logs resolves them', async () => {
      writeFileSync(join(dir, 'broken.log.gz'), 'this is not gzip data\n');
      const denied = new CloudWatchLogSource({ region: 'eu-west-1', logGroups: ['/cs/denied'], endpoint, credentials: creds(), maxAttempts: 1 });
      // Production moves on: run U starts (its log record has been loaded for a while).
      const [{ watermark }] = await dbs.reporting.query<{ watermark: string }>("SELECT watermark FROM reporting.etl_state WHERE name = 'default'");
      const uAt = new Date(Date.parse(watermark) + 60_000).toISOString();
      appendFileSync(join(dir, 'engine.log'), `${at(uAt, 500)} INFO [engine.run] run ${U} started\n${at(uAt, 1000)} ERROR [engine.run] run ${U} failed: KeyError: 'region'\n`);
      const before = await loadLogs(dbs.reporting, { sources: [files], now: () => now });
      assert.equal(before.loaded, 2);
      const waiting = await dbs.reporting.query<{ n: number }>('SELECT count(*) AS n FROM reporting.fact_cloudwatch_log WHERE correlation_id = $1 AND run_id IS NULL', [U]);
      assert.equal(Number(waiting[0].n), 2, 'loaded before their run: no run yet');
      const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
      try {
        await writer.query(
          `INSERT INTO fc_scenario_run (id, scenario_id, run_status, run_at, run_complete_at, run_by, run_req_id)
           VALUES ($1, $2, 'failed', $3::timestamp, $4::timestamp, 'e.lindqvist', NULL)`,
          [U, A.scenario_id, uAt.replace('T', ' ').replace('Z', ''), at(uAt, 5000).replace(',', '.')],
        );
      } finally {
        if (writer !== dbs.reporting) await writer.close();
      }
      try {
        const r = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental', now: () => now, logs: { sources: [files, denied] } });
        assert.ok(r.extracted.fc_scenario_run >= 1, 'the new run was loaded');
        assert.equal(r.logs?.loaded, 0, 'nothing new in the files');
        assert.equal(r.logs?.resolved, 2);
        assert.ok(r.warnings.some((w) => /broken\.log\.gz: not valid gzip data/.test(w)), r.warnings.join('\n'));
        assert.ok(r.warnings.some((w) => /no permission to read log group \/cs\/denied.*AccessDeniedException/.test(w)), r.warnings.join('\n'));
        const [logRow] = await dbs.reporting.query<{ status: string; error: string; loaded: Record<string, number> }>(
          'SELECT status, error, loaded FROM reporting.etl_run_log ORDER BY id DESC LIMIT 1',
        );
        assert.equal(logRow.status, 'success');
        assert.match(logRow.error, /not valid gzip data/);
        assert.match(logRow.error, /AccessDeniedException/);
        assert.equal(logRow.loaded.fact_cloudwatch_log, 0);
      } finally {
        denied.dispose();
        rmSync(join(dir, 'broken.log.gz'));
      }
      // Both records naming U now carry the run, its scenario and its id as correlation id.
      const rows = await dbs.reporting.query<{ run_id: string; scenario_id: string; correlation_id: string; error_category: string | null }>(
        "SELECT run_id, scenario_id, correlation_id, error_category FROM reporting.fact_cloudwatch_log WHERE $1::uuid = ANY (record_ids) ORDER BY log_timestamp",
        [U],
      );
      assert.deepEqual(rows, [
        { run_id: U, scenario_id: A.scenario_id, correlation_id: U, error_category: null },
        { run_id: U, scenario_id: A.scenario_id, correlation_id: U, error_category: 'validation' },
      ]);
      // A record naming a run that never came stays as it was.
      const [v] = await dbs.reporting.query<{ run_id: string | null; correlation_id: string }>('SELECT run_id, correlation_id FROM reporting.fact_cloudwatch_log WHERE $1::uuid = ANY (record_ids)', [V]);
      assert.deepEqual(v, { run_id: null, correlation_id: V });
      // The audit trail followed, batch by batch: the resolved error record under the run's scenario, and nothing else differs from its definition.
      const [trail] = await dbs.reporting.query<{ scenario_id: string; event_type: string }>(
        "SELECT scenario_id, event_type FROM reporting.view_scenario_audit_trail WHERE audit_source = 'log' AND run_id = $1",
        [U],
      );
      assert.deepEqual(trail, { scenario_id: A.scenario_id, event_type: 'LOG_ERROR' });
      await assertTrailIsItsDefinition(dbs.reporting);
    });

    it('--scenario-id loads only that scenario’s records and moves no position', async () => {
      const other = join(dir, 'other.log');
      writeFileSync(other, `${at(A.run_at, 12_000)} INFO run ${A.run_id} extra\n${at(B.run_at, 3000)} INFO run ${B.run_id} extra\n`);
      const r = await loadLogs(dbs.reporting, { sources: [new FileLogSource([other], dir)], scenarioId: A.scenario_id, now: () => now });
      assert.deepEqual([r.read, r.loaded], [2, 1]);
      await rowByMessage(dbs.reporting, `run ${A.run_id} extra`);
      // The next full read finds the other scenario's record.
      const all = await loadLogs(dbs.reporting, { sources: [new FileLogSource([other], dir)], now: () => now });
      assert.deepEqual([all.read, all.loaded], [2, 1]);
      await rowByMessage(dbs.reporting, `run ${B.run_id} extra`);
    });

    it('a rotated file (renamed, then compressed) is not loaded twice; the new file is read from its start', async () => {
      const rotated = readFileSync(join(dir, 'engine.log'));
      renameSync(join(dir, 'engine.log'), join(dir, 'engine.log.1'));
      writeFileSync(join(dir, 'engine.log.2.gz'), gzipSync(rotated));
      writeFileSync(join(dir, 'engine.log'), `${at(A.run_at, 13_000)} INFO [engine.run] run ${A.run_id} after rotation\n`);
      const before = await total(dbs.reporting);
      const r = await loadLogs(dbs.reporting, { sources: [new FileLogSource(['engine.log*'], dir)], now: () => now });
      assert.deepEqual([r.loaded, r.read, r.warnings], [1, 1, []]);
      assert.equal(await total(dbs.reporting), before + 1);
      const fresh = await rowByMessage(dbs.reporting, `[engine.run] run ${A.run_id} after rotation`);
      assert.deepEqual([fresh.line_number, fresh.run_id], [1, A.run_id]);
      assert.equal(fresh.log_key, `file:${join(dir, 'engine.log')}#2:0`, 'a new generation of the path');
    });
  });
}
