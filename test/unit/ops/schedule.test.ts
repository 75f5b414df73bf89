import assert from 'node:assert/strict';
import { Alerter, alertPayload } from '../../../src/ops/alerts';
import { dailyAtOrAfter, parseTimeOfDay, requireTimeZone, slotAtOrAfter, slotAtOrBefore } from '../../../src/ops/clock';
import { isRetryable } from '../../../src/ops/scheduler';
import { DbError } from '../../../src/core/errors';
import { EtlCancelled } from '../../../src/etl/etl';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('schedule times', () => {
  it('slots on a grid from 00:00 UTC', () => {
    assert.equal(iso(slotAtOrAfter(at('2026-01-05T10:07:00Z'), 15)), '2026-01-05T10:15:00.000Z');
    assert.equal(iso(slotAtOrAfter(at('2026-01-05T10:15:00Z'), 15)), '2026-01-05T10:15:00.000Z');
    assert.equal(iso(slotAtOrBefore(at('2026-01-05T10:29:59Z'), 15)), '2026-01-05T10:15:00.000Z');
    assert.equal(iso(slotAtOrAfter(at('2026-01-05T23:59:00Z'), 60)), '2026-01-06T00:00:00.000Z');
  });

  it('daily at HH:MM in UTC and in other zones, across daylight-saving changes', () => {
    const two = parseTimeOfDay('02:00');
    assert.equal(iso(dailyAtOrAfter(at('2026-01-05T01:00:00Z'), two, 'UTC')), '2026-01-05T02:00:00.000Z');
    assert.equal(iso(dailyAtOrAfter(at('2026-01-05T02:00:00Z'), two, 'UTC')), '2026-01-05T02:00:00.000Z');
    assert.equal(iso(dailyAtOrAfter(at('2026-01-05T02:00:00.001Z'), two, 'UTC')), '2026-01-06T02:00:00.000Z');
    // Kolkata is UTC+05:30: 02:00 there is 20:30 UTC the day before.
    assert.equal(iso(dailyAtOrAfter(at('2026-01-05T12:00:00Z'), two, 'Asia/Kolkata')), '2026-01-05T20:30:00.000Z');
    // Berlin: CET (+1) in winter, CEST (+2) after 29 March 2026.
    const three = parseTimeOfDay('03:30');
    assert.equal(iso(dailyAtOrAfter(at('2026-03-28T12:00:00Z'), three, 'Europe/Berlin')), '2026-03-29T01:30:00.000Z');
    assert.equal(iso(dailyAtOrAfter(at('2026-03-30T00:00:00Z'), three, 'Europe/Berlin')), '2026-03-30T01:30:00.000Z');
    assert.equal(iso(dailyAtOrAfter(at('2026-01-10T00:00:00Z'), three, 'Europe/Berlin')), '2026-01-10T02:30:00.000Z');
  });

  it('rejects a bad time of day or time zone with one clear message', () => {
    assert.throws(() => parseTimeOfDay('24:00'), /--full-at: expected HH:MM \(00:00 to 23:59\), got '24:00'/);
    assert.throws(() => parseTimeOfDay('2am'), /expected HH:MM/);
    assert.deepEqual(parseTimeOfDay('7:05'), { hour: 7, minute: 5 });
    assert.throws(() => requireTimeZone('Mars/Olympus'), /--tz: unknown time zone 'Mars\/Olympus'/);
    assert.equal(requireTimeZone('Europe/Berlin'), 'Europe/Berlin');
  });

  it('retries connection errors only', () => {
    assert.equal(isRetryable(new DbError('cannot connect to db:5432/x: connection refused')), true);
    assert.equal(isRetryable(new DbError('database error on x: Connection terminated unexpectedly')), true);
    assert.equal(isRetryable(new DbError('database error on x: relation "fc_scenario" does not exist [42P01]')), false);
    assert.equal(isRetryable(new EtlCancelled()), false);
  });
});

describe('alerts', () => {
  it('Slack and Teams fields: text, MessageCard summary/title/themeColor/sections', () => {
    const p = alertPayload('alert', 'stale_data', 'last successful load 45 min ago', '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00.000Z', 'db:5432/reporting');
    assert.match(p.text, /^🔴 ClearSight RCA alert: reporting data stale — last successful load 45 min ago \(db:5432\/reporting, since 2026-01-05T10:00:00.000Z\)$/);
    assert.equal(p['@type'], 'MessageCard');
    assert.equal(p.summary, 'ClearSight RCA alert: reporting data stale');
    assert.deepEqual(p.sections[0].facts.slice(0, 2), [
      { name: 'Incident', value: 'stale_data' },
      { name: 'Detail', value: 'last successful load 45 min ago' },
    ]);
  });

  it('one alert per incident, one resolution; a failed delivery is sent again, unknown incidents stay open', async () => {
    const sent: Array<[string, string]> = [];
    const log: Array<Record<string, unknown>> = [];
    let fail = true;
    const a = new Alerter({
      webhook: 'http://127.0.0.1:9/hook',
      source: 'demo',
      log: (e) => log.push(e),
      now: () => '2026-01-05T10:00:00.000Z',
      post: async (_url, body) => {
        if (fail) throw new Error('the webhook answered HTTP 500');
        const b = body as { clearsight: { event: string; incident: string } };
        sent.push([b.clearsight.event, b.clearsight.incident]);
      },
    });
    await a.update(new Map([['stale_data', 'old']]));
    assert.deepEqual(sent, []);
    assert.equal(log.filter((e) => e.event === 'alert_failed').length, 1);
    fail = false;
    await a.update(new Map([['stale_data', 'older']]));
    await a.update(new Map([['stale_data', 'oldest'], ['etl_failures', '2 failed']]));
    assert.deepEqual(sent, [['alert', 'stale_data'], ['alert', 'etl_failures']]);
    await a.update(new Map(), (k) => k === 'stale_data');
    assert.deepEqual(sent.at(-1), ['resolved', 'etl_failures']);
    assert.deepEqual([...a.incidents.keys()], ['stale_data']);
    await a.update(new Map());
    assert.deepEqual(sent, [['alert', 'stale_data'], ['alert', 'etl_failures'], ['resolved', 'etl_failures'], ['resolved', 'stale_data']]);
    assert.equal(a.incidents.size, 0);
  });
});
