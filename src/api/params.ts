/**
 * The parameters the routes share (TypeBox, so the OpenAPI document and the validation come
 * from one place), and the normalisation of time parameters before they reach SQL: a client's
 * bad value is a 400 naming the parameter, never a database error.
 */
import { Type } from '@sinclair/typebox';
import { UserError } from '../core/errors';

/** `since` / `until`: an ISO 8601 date or date-time (an offset is converted to UTC). */
export const TimeRangeQuery = {
  since: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'window start (inclusive): ISO 8601 date or date-time, UTC unless an offset is given', examples: ['2026-11-01T00:00:00Z'] })),
  until: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'window end (inclusive): ISO 8601 date or date-time, UTC unless an offset is given', examples: ['2026-11-30T23:59:59Z'] })),
};

/** `limit` (1..1000) and `offset` (≥ 0) of a long list. */
export const PagingQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'at most this many items (default 100)' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'items skipped first (default 0)' })),
};

/** A user id as production stores it: any non-empty text up to 200 characters (URL-decoded). */
export const UserIdParam = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200, description: 'user id (as in created_by / run_by), URL-encoded', examples: ['anna.schmidt@example.com'] }) },
  { additionalProperties: false },
);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** One time parameter → ISO UTC (`…Z`), or a UserError (400) saying which and why. */
function normalise(name: string, text: string): string {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return bad(name, text, 'is not an ISO 8601 date or date-time (e.g. 2026-11-01 or 2026-11-01T09:30:00Z)');
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const year = Number(y);
  if (year < 1 || year > 9999) return bad(name, text, 'has a year outside 0001..9999');
  const probe = new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (year < 100) probe.setUTCFullYear(year);
  if (probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d) || probe.getUTCHours() !== Number(h) || probe.getUTCMinutes() !== Number(mi) || probe.getUTCSeconds() !== Number(s)) {
    return bad(name, text, 'is not a valid date or time');
  }
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const oh = Number(z[2]);
    const om = Number(z[3] ?? '0');
    if (oh > 23 || om > 59) return bad(name, text, 'has an offset outside -23:59..+23:59');
    offsetMinutes = (z[1] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = probe.getTime() + Number(`0.${frac || '0'}`) * 1000 - offsetMinutes * 60_000;
  const out = new Date(Math.floor(ms));
  if (out.getUTCFullYear() < 1 || out.getUTCFullYear() > 9999) return bad(name, text, 'falls outside the years 0001..9999 in UTC');
  return out.toISOString();
}

function bad(name: string, text: string, why: string): never {
  throw new UserError(`${name} '${text.length > 40 ? `${text.slice(0, 40)}…` : text}' ${why}`);
}

/** The window of `since` / `until`, normalised (ISO UTC), `since` ≤ `until`; null = open. */
export function timeRange(q: { since?: string; until?: string }): { since: string | null; until: string | null } {
  const since = q.since === undefined ? null : normalise('since', q.since);
  const until = q.until === undefined ? null : normalise('until', q.until);
  if (since && until && since > until) throw new UserError(`since (${since}) is after until (${until})`);
  return { since, until };
}
