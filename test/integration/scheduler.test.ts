import assert from 'node:assert/strict';
import { runEtl, type EtlOptions } from '../../src/etl/etl';
import { Serve, type ServeOptions } from '../../src/ops/serve';
import { FakeClock, etlPair, webhookServer } from './opsHelpers';
import { demo, digest, seededDbs, type TestDbs } from './setup';

type Event = Record<string, unknown> & { ts: string; event: string };

/** serve with the defaults (every 15 min, full at 02:00 UTC, 2 retries from 30 s), its events collected. */
function serveOn(clock: FakeClock, o: Pick<ServeOptions, 'source' | 'target' | 'alertWebhook' | 'runEtl'>, events: Event[]): Serve {
  return new Serve({
    clock,
    everyMinutes: 15,
    fullAt: { hour: 2, minute: 0 },
    tz: 'UTC',
    retries: 2,
    backoffMs: 30_000,
    maxBackoffMs: 300_000,
    ...o,
    out: (line) => events.push(JSON.parse(line) as Event),
  });
}

describe('serve: a day of scheduled ETL runs under a simulated clock', function () {
  let dbs: TestDbs;
  let hook: Awaited<ReturnType<typeof webhookServer>>;
  before(async () => {
    dbs = await seededDbs();
    hook = await webhookServer();
  });
  after(async () => {
    await hook?.close();
    await dbs?.close();
  });

  it('96 incrementals + 1 full, never two at once; an outage retried, alerted once and resolved once', async () => {
    const clock = new FakeClock('2026-01-05T00:00:00.000Z');
    // Production cannot be reached from 10:00 to 10:40 (simulated time).
    const down = (): boolean => clock.now() >= Date.parse('2026-01-05T10:00:00Z') && clock.now() < Date.parse('2026-01-05T10:40:00Z');
    const pair = etlPair(dbs.prod, dbs.reporting, down);
    let active = 0;
    let maxActive = 0;
    const events: Event[] = [];
    const serve = serveOn(
      clock,
      {
        source: pair.source,
        target: pair.target,
        alertWebhook: hook.url,
        runEtl: async (o: EtlOptions) => {
          maxActive = Math.max(maxActive, ++active);
          try {
            return await runEtl(o);
          } finally {
            active--;
          }
        },
      },
      events,
    );
    const done = serve.start();
    await clock.runUntil('2026-01-05T23:59:59.999Z');
    await serve.stop();
    await done;

    const starts = events.filter((e) => e.event === 'etl_start' && e.attempt === 1);
    assert.equal(starts.filter((e) => e.kind === 'incremental').length, 96);
    assert.equal(starts.filter((e) => e.kind === 'full').length, 1);
    assert.equal(starts.find((e) => e.kind === 'full')!.ts, '2026-01-05T02:00:00.000Z');
    assert.deepEqual(
      starts.filter((e) => e.kind === 'incremental').slice(0, 3).map((e) => e.ts),
      ['2026-01-05T00:00:00.000Z', '2026-01-05T00:15:00.000Z', '2026-01-05T00:30:00.000Z'],
    );
    assert.equal(maxActive, 1, 'never two loads at once');

    // The 10:00, 10:15 and 10:30 runs fail after 3 attempts each (30 s, then 60 s backoff).
    const failed = events.filter((e) => e.event === 'etl_failed');
    assert.deepEqual(failed.map((e) => [e.ts, e.consecutive_failures]), [
      ['2026-01-05T10:01:30.000Z', 1],
      ['2026-01-05T10:16:30.000Z', 2],
      ['2026-01-05T10:31:30.000Z', 3],
    ]);
    assert.deepEqual(
      events.filter((e) => e.event === 'etl_start' && String(e.ts).startsWith('2026-01-05T10:0')).map((e) => [e.ts, e.attempt]),
      [
        ['2026-01-05T10:00:00.000Z', 1],
        ['2026-01-05T10:00:30.000Z', 2],
        ['2026-01-05T10:01:30.000Z', 3],
      ],
    );
    const log = await dbs.reporting.query<{ mode: string; status: string; attempt: number; started_at: string; finished_at: string }>(
      'SELECT mode, status, attempt, started_at, finished_at FROM reporting.etl_run_log ORDER BY id',
    );
    assert.equal(log.filter((r) => r.status === 'failed').length, 9, 'each attempt in the run log');
    assert.deepEqual(log.filter((r) => r.status === 'failed').map((r) => r.attempt), [1, 2, 3, 1, 2, 3, 1, 2, 3]);
    assert.equal(log.filter((r) => r.status === 'success' && r.mode === 'incremental').length, 93);
    assert.equal(log.filter((r) => r.status === 'success' && r.mode === 'full').length, 1);
    for (let i = 1; i < log.length; i++) assert.ok(log[i].started_at >= log[i - 1].finished_at, `run ${i} started before run ${i - 1} finished`);

    // One alert (at the second failure in a row), one resolution (the 10:45 run succeeds).
    const sent = hook.bodies as Array<{ text: string; summary: string; themeColor: string; clearsight: { event: string; incident: string; at: string } }>;
    assert.deepEqual(sent.map((b) => [b.clearsight.event, b.clearsight.incident, b.clearsight.at]), [
      ['alert', 'etl_failures', '2026-01-05T10:16:30.000Z'],
      ['resolved', 'etl_failures', '2026-01-05T10:45:00.000Z'],
    ]);
    assert.match(sent[0].text, /^🔴 ClearSight RCA alert: ETL failing — 2 scheduled ETL runs failed in a row .*connection refused/);
    assert.match(sent[1].text, /^✅ ClearSight RCA resolved: ETL failing/);
    assert.equal(sent[0].themeColor, 'D13438');
    assert.ok(events.every((e) => typeof e.ts === 'string' && typeof e.event === 'string'));
    assert.equal(events.at(-1)!.event, 'stopped');
  });

  it('stop() during a load cancels it cleanly: rolled back, logged as cancelled, the loop ends', async () => {
    const before = await digest(dbs.reporting);
    const clock = new FakeClock('2026-01-06T01:59:00.000Z');
    const events: Event[] = [];
    let serve!: Serve;
    let batches = 0;
    serve = serveOn(
      clock,
      {
        source: dbs.prod,
        target: dbs.reporting,
        alertWebhook: null,
        runEtl: (o: EtlOptions) =>
          runEtl({
            ...o,
            batchSize: 500,
            onProgress: (p) => {
              if (o.mode === 'full' && p.phase === 'load' && ++batches === 2) void serve.stop();
            },
          }),
      },
      events,
    );
    const done = serve.start();
    await clock.runUntil('2026-01-06T02:00:00.000Z', done);
    await done;
    assert.deepEqual(
      events.map((e) => e.event).filter((e) => e !== 'health'),
      ['schedule', 'etl_start', 'etl_done', 'etl_start', 'stopping', 'etl_cancelled', 'stopped'],
    );
    assert.equal(events.find((e) => e.event === 'stopping')!.running, true);
    const [last] = await dbs.reporting.query<{ mode: string; status: string }>('SELECT mode, status FROM reporting.etl_run_log ORDER BY id DESC LIMIT 1');
    assert.deepEqual(last, { mode: 'full', status: 'cancelled' });
    assert.deepEqual(await digest(dbs.reporting), before);
  });

  it('the daily full refresh is reconciled with production; a difference is alerted once', async () => {
    hook.bodies.length = 0;
    const clock = new FakeClock('2026-01-07T01:50:00.000Z');
    const events: Event[] = [];
    let lost = '';
    const serve = serveOn(
      clock,
      {
        source: dbs.prod,
        target: dbs.reporting,
        alertWebhook: hook.url,
        // A load that silently loses a run (what reconciliation is for).
        runEtl: async (o: EtlOptions) => {
          const r = await runEtl(o);
          if (o.mode === 'full') {
            // A run without node calcs, with its events (the foreign keys refuse a run deleted under them).
            const [row] = await dbs.reporting.query<{ run_id: string }>(
              `WITH lost AS (SELECT min(r.run_id::text)::uuid AS run_id FROM reporting.dim_run r
                              WHERE NOT EXISTS (SELECT 1 FROM reporting.fact_node_calculations c WHERE c.run_id = r.run_id)),
                    events AS (DELETE FROM reporting.fact_scenario_events e USING lost WHERE e.run_id = lost.run_id)
               DELETE FROM reporting.dim_run r USING lost WHERE r.run_id = lost.run_id RETURNING r.run_id`,
            );
            lost = row.run_id;
          }
          return r;
        },
      },
      events,
    );
    const done = serve.start();
    await clock.runUntil('2026-01-07T02:20:00.000Z');
    await serve.stop();
    await done;
    const verify = events.filter((e) => e.event === 'verify');
    assert.equal(verify.length, 1, 'after the full refresh only');
    assert.equal(verify[0].ok, false);
    assert.match(String(verify[0].summary), new RegExp(`^dim_run: \\d+ rows vs \\d+ in fc_scenario_run \\(missing ${lost}\\)$`));
    const sent = hook.bodies as Array<{ clearsight: { event: string; incident: string; message: string } }>;
    assert.deepEqual(sent.map((b) => [b.clearsight.event, b.clearsight.incident]), [['alert', 'verify_difference']]);
    assert.match(sent[0].clearsight.message, new RegExp(lost));
  });
});

describe("serve: the design's monthly retention", function () {
  let dbs: TestDbs;
  before(async () => {
    dbs = await seededDbs();
  });
  after(() => dbs?.close());

  it('the first full refresh of each UTC month prunes (retain-days), the others keep the window; reconciliation stays clean', async () => {
    const clock = new FakeClock('2026-11-30T01:50:00.000Z');
    const events: Event[] = [];
    const serve = new Serve({
      clock,
      everyMinutes: 1440,
      fullAt: { hour: 2, minute: 0 },
      tz: 'UTC',
      retries: 0,
      backoffMs: 30_000,
      maxBackoffMs: 300_000,
      source: dbs.prod,
      target: dbs.reporting,
      alertWebhook: null,
      retainDays: 30,
      out: (line) => events.push(JSON.parse(line) as Event),
    });
    const done = serve.start();
    await clock.runUntil('2026-12-02T02:30:00.000Z');
    await serve.stop();
    await done;
    // In order: the full refreshes of November 30, December 1 and December 2 (simulated days).
    const fulls = await dbs.reporting.query<{ cutoff: string | null; runs: number | null }>(
      "SELECT pruned ->> 'cutoff' AS cutoff, (pruned ->> 'dim_run')::int AS runs FROM reporting.etl_run_log WHERE mode = 'full' AND status = 'success' ORDER BY id",
    );
    const before = (iso: string): number => demo().runs.filter((r) => Date.parse(r.run_at) < Date.parse(iso)).length;
    assert.deepEqual(fulls, [
      // None yet: the first full refresh prunes (cutoff: the UTC midnight 30 days back).
      { cutoff: '2026-10-31T00:00:00.000Z', runs: before('2026-10-31T00:00:00Z') },
      // A new month: pruned again, the runs of October 31 go.
      { cutoff: '2026-11-01T00:00:00.000Z', runs: before('2026-11-01T00:00:00Z') - before('2026-10-31T00:00:00Z') },
      // Same month: not again.
      { cutoff: null, runs: null },
    ]);
    assert.ok(fulls[1].runs! > 0, 'the fixture has runs on October 31');
    assert.deepEqual(events.filter((e) => e.event === 'verify').map((e) => e.ok), [true, true, true]);
    const [kept] = await dbs.reporting.query<{ n: number; archived: number }>('SELECT (SELECT count(*) FROM reporting.dim_run) AS n, (SELECT count(*) FROM reporting.archive_dim_run) AS archived');
    assert.deepEqual([kept.n, kept.archived], [demo().runs.length - before('2026-11-01T00:00:00Z'), before('2026-11-01T00:00:00Z')]);
  });
});

