import assert from 'node:assert/strict';
import { PATTERN_RULES, TIME_RULE, TimeRangeQuery, UserIdParam, timeRange } from '../../../src/api/params';
import { UserError } from '../../../src/core/errors';

/** The error timeRange throws for a query, or null. */
function refusal(q: { since?: string; until?: string }): UserError | null {
  try {
    timeRange(q);
    return null;
  } catch (err) {
    assert.ok(err instanceof UserError, `not a UserError: ${String(err)}`);
    return err;
  }
}

describe('api params: time parameters reach SQL as UTC text, or are a 400 naming the parameter (issue 24)', () => {
  it('normalises offsets to UTC with Z, the ones PostgreSQL refuses included (-16:00)', () => {
    const cases: Array<[string, string]> = [
      ['2026-01-01T00:00:00-16:00', '2026-01-01T16:00:00.000Z'],
      ['2026-01-01T00:00:00+16:00', '2025-12-31T08:00:00.000Z'],
      ['2026-01-01T00:00:00-23:59', '2026-01-01T23:59:00.000Z'],
      ['2026-11-20T09:14:03+05:30', '2026-11-20T03:44:03.000Z'],
      ['2026-11-20T09:14:03+0530', '2026-11-20T03:44:03.000Z'],
      ['2026-11-20T09:14:03-05', '2026-11-20T14:14:03.000Z'],
      ['2026-11-20T09:14:03Z', '2026-11-20T09:14:03.000Z'],
      ['2026-11-20t09:14:03z', '2026-11-20T09:14:03.000Z'],
      ['2026-11-20 09:14:03Z', '2026-11-20T09:14:03.000Z'],
      ['2026-11-20T09:14:03.12Z', '2026-11-20T09:14:03.120Z'],
      ['2026-11-20T09:14:03.123456Z', '2026-11-20T09:14:03.123456Z'],
      ['2026-11-20T09:14:03.1234567Z', '2026-11-20T09:14:03.123457Z'],
      ['2026-11-20T09:14:03.9999999Z', '2026-11-20T09:14:04.000Z'],
      ['2026-11-20', '2026-11-20T00:00:00.000Z'],
      ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
      // A leap second is the next minute's first second, as PostgreSQL reads it.
      ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z'],
    ];
    for (const [given, expected] of cases) assert.deepEqual(timeRange({ since: given }), { since: expected, until: null }, given);
    assert.deepEqual(timeRange({}), { since: null, until: null });
  });

  it('clamps an instant an offset pushes past the years 1900–9999 (no data lies beyond)', () => {
    assert.deepEqual(timeRange({ since: '1900-01-01T00:00:00+01:00', until: '9999-12-31T23:00:00-16:00' }), {
      since: '1900-01-01T00:00:00.000Z',
      until: '9999-12-31T23:59:59.999999Z',
    });
  });

  it('refuses with the parameter and the rule: not a date-time, no offset, impossible dates, years outside 1900–9999, infinity', () => {
    const bad = [
      'yesterday',
      'infinity',
      '-infinity',
      'epoch',
      'now',
      '',
      ' 2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00',
      '2026-01-01T00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-01-01T00:00:61Z',
      '2026-01-01T00:00:00+24:00',
      '2026-01-01T00:00:00+05:60',
      '1899-12-31T23:59:59Z',
      '0000-01-01T00:00:00Z',
      '0001-01-01',
      '10000-01-01T00:00:00Z',
      '+12026-01-01T00:00:00Z',
      '2026-01-01T00:00:00Z garbage',
      '2026-1-1',
      '1700000000',
    ];
    for (const value of bad) {
      for (const name of ['since', 'until'] as const) {
        const err = refusal({ [name]: value });
        assert.ok(err, `${name}=${JSON.stringify(value)} was accepted`);
        assert.equal(err.kind, 'user', value);
        assert.equal(err.message, `query parameter ${name} ${TIME_RULE}`, value);
      }
    }
  });

  it('refuses since after until (after both are in UTC), accepts them equal', () => {
    const err = refusal({ since: '2026-11-20T10:00:00Z', until: '2026-11-20T09:00:00Z' });
    assert.equal(err?.message, 'query parameter since (2026-11-20T10:00:00.000Z) is after until (2026-11-20T09:00:00.000Z)');
    assert.equal(err?.kind, 'user');
    // 10:00+02:00 is 08:00Z: before 09:00Z.
    assert.deepEqual(timeRange({ since: '2026-11-20T10:00:00+02:00', until: '2026-11-20T09:00:00Z' }), { since: '2026-11-20T08:00:00.000Z', until: '2026-11-20T09:00:00.000Z' });
    assert.deepEqual(timeRange({ since: '2026-11-20T09:00:00Z', until: '2026-11-20T09:00:00Z' }), { since: '2026-11-20T09:00:00.000Z', until: '2026-11-20T09:00:00.000Z' });
    assert.ok(refusal({ since: '2026-11-20T09:00:00.000002Z', until: '2026-11-20T09:00:00.000001Z' }));
  });

  it('the documented schemas say the same rules (pattern, formats, id without control characters)', () => {
    const since = TimeRangeQuery.since as unknown as { pattern: string; anyOf: Array<{ format: string }> };
    assert.deepEqual(since.anyOf.map((s) => s.format), ['date-time', 'date']);
    const pattern = new RegExp(since.pattern);
    for (const ok of ['1900-01-01', '9999-12-31T23:59:59.999Z', '2026-11-20T09:14:03+05:30']) assert.match(ok, pattern);
    for (const no of ['1899-12-31', '10000-01-01', 'infinity', '2026-01-01T00:00:00']) assert.doesNotMatch(no, pattern);
    assert.equal(PATTERN_RULES[since.pattern], TIME_RULE);
    const id = UserIdParam.properties.id as unknown as { pattern: string; minLength: number; maxLength: number };
    assert.deepEqual([id.minLength, id.maxLength], [1, 200]);
    const idPattern = new RegExp(id.pattern, 'u');
    for (const ok of ["o'brien@example.com", 'zoë.müller@example.com', '山田', 'a b', 'a/b', '🙂']) assert.match(ok, idPattern);
    for (const no of ['a\u0000b', 'tab\there', 'new\nline', 'del\u007f']) assert.doesNotMatch(no, idPattern);
  });
});
