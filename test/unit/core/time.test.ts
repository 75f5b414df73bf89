import assert from 'node:assert/strict';
import { compareIso, formatDuration, isoToPgTimestamp, msBetween, parseIsoArg, pgTimestampToIso } from '../../../src/core/time';

describe('time: pgTimestampToIso', () => {
  it('adds T and Z and pads to milliseconds when there is no fraction', () => {
    assert.equal(pgTimestampToIso('2026-01-01 10:00:00'), '2026-01-01T10:00:00.000Z');
    assert.equal(pgTimestampToIso('2026-01-01T10:00:00'), '2026-01-01T10:00:00.000Z');
  });

  it('handles fractions of 1 to 6 digits', () => {
    const cases: Array<[string, string]> = [
      ['2026-01-01 10:00:00.1', '2026-01-01T10:00:00.100Z'],
      ['2026-01-01 10:00:00.12', '2026-01-01T10:00:00.120Z'],
      ['2026-01-01 10:00:00.123', '2026-01-01T10:00:00.123Z'],
      ['2026-01-01 10:00:00.1234', '2026-01-01T10:00:00.1234Z'],
      ['2026-01-01 10:00:00.12345', '2026-01-01T10:00:00.12345Z'],
      ['2026-01-01 10:00:00.123456', '2026-01-01T10:00:00.123456Z'],
    ];
    for (const [pg, iso] of cases) assert.equal(pgTimestampToIso(pg), iso, pg);
  });

  it('drops trailing zero microseconds but keeps real ones', () => {
    assert.equal(pgTimestampToIso('2026-01-01 10:00:00.123000'), '2026-01-01T10:00:00.123Z');
    assert.equal(pgTimestampToIso('2026-01-01 10:00:00.000000'), '2026-01-01T10:00:00.000Z');
    assert.equal(pgTimestampToIso('2026-01-01 10:00:00.123400'), '2026-01-01T10:00:00.123400Z');
    assert.equal(pgTimestampToIso('2026-01-01 10:00:00.000001'), '2026-01-01T10:00:00.000001Z');
  });

  it('passes infinity and unexpected shapes through untouched', () => {
    for (const s of ['infinity', '-infinity', '0044-03-15 00:00:00 BC', 'garbage', '']) {
      assert.equal(pgTimestampToIso(s), s);
    }
  });

  it('round-trips with isoToPgTimestamp', () => {
    for (const pg of ['2026-01-01 10:00:00.123', '2026-01-01 10:00:00.123456']) {
      assert.equal(isoToPgTimestamp(pgTimestampToIso(pg)), pg);
    }
  });
});

describe('time: compareIso', () => {
  it('orders mixed precision strings by instant', () => {
    assert.equal(compareIso('2026-01-01T10:00:00.123Z', '2026-01-01T10:00:00.123456Z'), -1);
    assert.equal(compareIso('2026-01-01T10:00:00.124Z', '2026-01-01T10:00:00.123999Z'), 1);
    assert.equal(compareIso('2026-01-01T10:00:00.1Z', '2026-01-01T10:00:00.099999Z'), 1);
    assert.equal(compareIso('2026-01-01T10:00:00.123Z', '2026-01-01T10:00:00.123000Z'), 0);
    assert.equal(compareIso('2026-01-01T10:00:00Z', '2026-01-01T10:00:00.000Z'), 0);
    assert.equal(compareIso('2026-01-01T10:00:00Z', '2026-01-01T10:00:00.000001Z'), -1);
    assert.equal(compareIso('2026-01-01T09:59:59.999999Z', '2026-01-01T10:00:00Z'), -1);
  });

  it('sorts a mixed list like the instants it denotes, where plain string sort does not', () => {
    const list = ['2026-01-01T10:00:00.5Z', '2026-01-01T10:00:00.123456Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00.123Z'];
    assert.deepEqual([...list].sort(compareIso), [
      '2026-01-01T10:00:00Z',
      '2026-01-01T10:00:00.123Z',
      '2026-01-01T10:00:00.123456Z',
      '2026-01-01T10:00:00.5Z',
    ]);
    assert.notDeepEqual([...list].sort(), [...list].sort(compareIso));
  });

  it('puts null first', () => {
    assert.equal(compareIso(null, null), 0);
    assert.equal(compareIso(null, '2026-01-01T10:00:00.000Z'), -1);
    assert.equal(compareIso('2026-01-01T10:00:00.000Z', null), 1);
  });

  it('msBetween gives b - a in ms, or null', () => {
    assert.equal(msBetween('2026-01-01T10:00:00.000Z', '2026-01-01T10:01:00.500Z'), 60_500);
    assert.equal(msBetween(null, '2026-01-01T10:00:00.000Z'), null);
  });
});

describe('time: parseIsoArg', () => {
  it('accepts dates and date-times, assumed UTC without an offset', () => {
    assert.equal(parseIsoArg('2026-03-01'), '2026-03-01T00:00:00.000Z');
    assert.equal(parseIsoArg(' 2026-03-01 '), '2026-03-01T00:00:00.000Z');
    assert.equal(parseIsoArg('2026-03-01T10:30'), '2026-03-01T10:30:00.000Z');
    assert.equal(parseIsoArg('2026-03-01 10:30:15'), '2026-03-01T10:30:15.000Z');
    assert.equal(parseIsoArg('2026-03-01T10:30:15.25'), '2026-03-01T10:30:15.250Z');
    assert.equal(parseIsoArg('2026-03-01T10:30:15Z'), '2026-03-01T10:30:15.000Z');
    assert.equal(parseIsoArg('2024-02-29'), '2024-02-29T00:00:00.000Z');
  });

  it('converts explicit offsets to UTC', () => {
    assert.equal(parseIsoArg('2026-03-01T10:00:00+02:00'), '2026-03-01T08:00:00.000Z');
    assert.equal(parseIsoArg('2026-03-01T10:00:00+0200'), '2026-03-01T08:00:00.000Z');
    assert.equal(parseIsoArg('2026-03-01T10:00:00.5-05:30'), '2026-03-01T15:30:00.500Z');
  });

  it('rejects malformed input', () => {
    for (const bad of ['', 'yesterday', '20260301', '2026-3-1', '2026-13-01', '2026-03-01T25:00', '2026-03-01T10', '01/03/2026', '2026-03-01T10:00:00.1234567']) {
      assert.equal(parseIsoArg(bad), null, bad);
    }
  });
});

describe('time: formatDuration', () => {
  it('formats ms, seconds, minutes and hours', () => {
    assert.equal(formatDuration(0), '0 ms');
    assert.equal(formatDuration(999), '999 ms');
    assert.equal(formatDuration(1000), '1.0 s');
    assert.equal(formatDuration(1500), '1.5 s');
    assert.equal(formatDuration(12_000), '12 s');
    assert.equal(formatDuration(60_000), '1 min 0 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    assert.equal(formatDuration(3_600_000), '1 h 0 min');
    assert.equal(formatDuration(3_725_000), '1 h 2 min');
    assert.equal(formatDuration(2 * 86_400_000), '48 h 0 min');
  });

  it('returns — for null and non-finite values', () => {
    assert.equal(formatDuration(null), '—');
    assert.equal(formatDuration(Number.NaN), '—');
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), '—');
  });
});

describe('time: independent of process.env.TZ', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  function results(): unknown[] {
    return [
      pgTimestampToIso('2026-03-29 01:30:00.5'),
      pgTimestampToIso('2026-10-25 02:30:00.123456'),
      parseIsoArg('2026-03-29'),
      parseIsoArg('2026-03-29 02:30'),
      parseIsoArg('2026-03-29T02:30:00+01:00'),
      compareIso('2026-03-29T01:30:00.5Z', '2026-03-29T01:30:00.499999Z'),
      msBetween('2026-03-29T00:30:00.000Z', '2026-03-29T03:30:00.000Z'),
      formatDuration(3_725_000),
    ];
  }

  it('gives the same results in UTC, Europe/Berlin, America/New_York and Asia/Kolkata', () => {
    process.env.TZ = 'UTC';
    const utc = results();
    assert.deepEqual(utc, [
      '2026-03-29T01:30:00.500Z',
      '2026-10-25T02:30:00.123456Z',
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T02:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      1,
      3 * 3_600_000,
      '1 h 2 min',
    ]);
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
      process.env.TZ = tz;
      // The zone change really took effect (otherwise this test would prove nothing).
      assert.notEqual(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), 0, tz);
      assert.deepEqual(results(), utc, tz);
    }
  });
});

describe('time: rounding and validation edges', () => {
  it('formatDuration never shows 60 s or 1000 ms', () => {
    assert.equal(formatDuration(999.6), '1.0 s');
    assert.equal(formatDuration(9_999), '10 s');
    assert.equal(formatDuration(59_600), '1 min 0 s');
    assert.equal(formatDuration(119_600), '2 min 0 s');
    assert.equal(formatDuration(3_599_999), '1 h 0 min');
    assert.equal(formatDuration(-1500), '-1.5 s');
  });
  it('parseIsoArg rejects impossible dates and times', () => {
    assert.equal(parseIsoArg('2026-02-30'), null);
    assert.equal(parseIsoArg('2026-13-01'), null);
    assert.equal(parseIsoArg('2026-01-01T24:30'), null);
    assert.equal(parseIsoArg('2024-02-29'), '2024-02-29T00:00:00.000Z');
    assert.equal(parseIsoArg('2026-03-01 10:00:00+02:00'), '2026-03-01T08:00:00.000Z');
  });
});

describe('time: fast paths give the general answers', () => {
  it('pgTimestampToIso: every fraction length, both separators', () => {
    const cases: Array<[string, string]> = [
      ['2026-11-20 12:34:56', '2026-11-20T12:34:56.000Z'],
      ['2026-11-20 12:34:56.1', '2026-11-20T12:34:56.100Z'],
      ['2026-11-20 12:34:56.12', '2026-11-20T12:34:56.120Z'],
      ['2026-11-20 12:34:56.123', '2026-11-20T12:34:56.123Z'],
      ['2026-11-20 12:34:56.1234', '2026-11-20T12:34:56.1234Z'],
      ['2026-11-20 12:34:56.1230', '2026-11-20T12:34:56.123Z'],
      ['2026-11-20 12:34:56.12345', '2026-11-20T12:34:56.12345Z'],
      ['2026-11-20 12:34:56.12300', '2026-11-20T12:34:56.123Z'],
      ['2026-11-20T12:34:56.000001', '2026-11-20T12:34:56.000001Z'],
      ['2026-11-20 12:34:56.123000', '2026-11-20T12:34:56.123Z'],
    ];
    for (const [pg, iso] of cases) assert.equal(pgTimestampToIso(pg), iso, pg);
    for (const odd of ['2026-11-20 12:34:56 BC', '12026-11-20 12:34:56', '2026-11-20 12:3x:56', '2026-11-20 12:34:56.']) {
      assert.equal(pgTimestampToIso(odd), odd, odd);
    }
  });

  it('compareIso: same-precision strings compare as text, mixed ones by instant', () => {
    assert.equal(compareIso('2026-11-20T12:00:00.001Z', '2026-11-20T12:00:00.002Z'), -1);
    assert.equal(compareIso('2026-11-20T12:00:00.000002Z', '2026-11-20T12:00:00.000001Z'), 1);
    assert.equal(compareIso('2026-11-20T12:00:00.001000Z', '2026-11-20T12:00:00.001Z'), 0);
  });
});
