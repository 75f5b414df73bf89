/**
 * The parameters the routes share, as TypeBox schemas (the OpenAPI document and the request
 * validation come from them), and the normalisation of time parameters before they reach
 * SQL: a client's bad value is a 400 naming the parameter and why, never a database error.
 *
 * Time parameters (`since`, `until`): an RFC 3339 date-time with its offset
 * (`2026-11-20T09:14:03Z`, `2026-11-20T09:14:03.120+05:30`) or a full date (`2026-11-20`,
 * midnight UTC), written in the years 1900–9999. The offset is applied here, so SQL only
 * ever sees `…Z` UTC text (PostgreSQL refuses offsets beyond ±15:59, e.g. `-16:00`); an
 * instant an offset pushes past the bounds is clamped to 1900-01-01T00:00:00Z or
 * 9999-12-31T23:59:59.999999Z (no data lies beyond them). Precision: microseconds, as
 * PostgreSQL keeps them (finer digits are rounded). `since` after `until` is a 400.
 */
import { Type } from '@sinclair/typebox';
import { UserError } from '../core/errors';

/** What the time parameters accept, as a pattern (the formats `date-time` / `date` check the calendar). */
const TIME_PATTERN = '^(19\\d\\d|[2-9]\\d{3})-\\d\\d-\\d\\d([Tt ]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?([Zz]|[+-]\\d\\d(:?\\d\\d)?))?$';

/** The one message of a time parameter that is not valid (the route schema's and timeRange's). */
export const TIME_RULE = 'is not an RFC 3339 date-time with its offset (e.g. 2026-11-20T09:14:03Z) or a date (2026-11-20) in the years 1900–9999';

const timeParam = (description: string, example: string) =>
  Type.Optional(Type.String({ pattern: TIME_PATTERN, anyOf: [{ format: 'date-time' }, { format: 'date' }], description, examples: [example] }));

/** `since` / `until` (TypeBox properties of a querystring object); read them with `timeRange`. */
export const TimeRangeQuery = {
  since: timeParam(`window start, inclusive. ${TIME_RULE.replace('is not an', 'An')}; converted to UTC.`, '2026-11-01T00:00:00Z'),
  until: timeParam(`window end, inclusive. ${TIME_RULE.replace('is not an', 'An')}; converted to UTC.`, '2026-11-30T23:59:59Z'),
};

/** The largest `offset`: PostgreSQL's OFFSET is a bigint, and no list is this long. */
const MAX_OFFSET = 2_147_483_647;

/** `limit` (1..1000) and `offset` (≥ 0) of a long list (TypeBox properties of a querystring object). */
export const PagingQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'at most this many items (default 100)', examples: [100] })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, description: 'items skipped first (default 0)', examples: [0] })),
};

/** Control characters (NUL among them: PostgreSQL text cannot hold it) are the only ones refused in a user id. */
export const USER_ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';

/**
 * The path parameters of a user's route: `id`, any non-empty text of up to 200 characters
 * after URL decoding (apostrophes, accents, other scripts, spaces, `/` as `%2F`) without
 * control characters: user ids are whatever production stores.
 */
export const UserIdParam = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: USER_ID_PATTERN,
      description: 'user id as production stores it (created_by / run_by), URL-encoded: up to 200 characters, no control characters',
      examples: ['anna.schmidt@example.com'],
    }),
  },
  { additionalProperties: false },
);

/** Messages of the schema keywords whose default text says nothing to a person (by pattern). */
export const PATTERN_RULES: Readonly<Record<string, string>> = {
  [TIME_PATTERN]: TIME_RULE,
  [USER_ID_PATTERN]: 'contains a control character',
};

/** The names of the time parameters: any schema error on them is TIME_RULE. */
export const TIME_PARAMS: ReadonlySet<string> = new Set(['since', 'until']);

const TIME = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?))?$/;
const FIRST_SECOND = Date.UTC(1900, 0, 1) / 1000;
const LAST_SECOND = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

/** An instant as whole seconds since the epoch and microseconds within the second. */
interface Instant {
  seconds: number;
  micros: number;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function parse(name: string, text: string): Instant {
  const m = TIME.exec(text);
  const bad = (why = TIME_RULE): never => {
    throw new UserError(`query parameter ${name} ${why}`);
  };
  if (!m) return bad();
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return bad();
  const [hour, minute, second] = [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)];
  // 60 is a leap second: PostgreSQL reads it as the next minute's first second, and so does Date.UTC.
  if (hour > 23 || minute > 59 || second > 60) return bad();
  const offsetHours = Number(oh ?? 0);
  const offsetMinutes = Number(om ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return bad();
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60;
  let seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset;
  let micros = frac ? Math.round(Number(`0.${frac}`) * 1e6) : 0;
  if (micros === 1e6) {
    seconds += 1;
    micros = 0;
  }
  return { seconds, micros };
}

const before = (a: Instant, b: Instant): boolean => a.seconds < b.seconds || (a.seconds === b.seconds && a.micros < b.micros);

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, with microseconds (6 digits) when it has some below the millisecond. */
function format(t: Instant): string {
  const clamped: Instant = t.seconds < FIRST_SECOND ? { seconds: FIRST_SECOND, micros: 0 } : t.seconds > LAST_SECOND ? { seconds: LAST_SECOND, micros: 999_999 } : t;
  const whole = new Date(clamped.seconds * 1000).toISOString().slice(0, 19);
  const fraction = String(clamped.micros).padStart(6, '0');
  return `${whole}.${fraction.endsWith('000') ? fraction.slice(0, 3) : fraction}Z`;
}

/**
 * The window of `since` / `until`, normalised to ISO UTC text with `Z` (null: open), or a
 * bad-input UserError (400) naming the parameter and why.
 */
export function timeRange(q: { since?: string; until?: string }): { since: string | null; until: string | null } {
  const since = q.since === undefined ? null : parse('since', q.since);
  const until = q.until === undefined ? null : parse('until', q.until);
  if (since && until && before(until, since)) throw new UserError(`query parameter since (${format(since)}) is after until (${format(until)})`);
  return { since: since && format(since), until: until && format(until) };
}
