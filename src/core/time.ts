import type { Iso } from './types';

const PG_TS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/;

/**
 * Turns a PostgreSQL `timestamp without time zone` text (which holds UTC) into ISO 8601
 * UTC with a `Z`. Keeps the source precision, at least milliseconds:
 * `2026-01-01 10:00:00.1` → `2026-01-01T10:00:00.100Z`, `...00.123456` stays 6 digits.
 * Independent of the process time zone: no Date object is involved.
 */
export function pgTimestampToIso(text: string): Iso {
  // Fast path for what PostgreSQL sends (the ETL converts millions): no regex, no array.
  const n = text.length;
  if ((n === 19 || (n >= 21 && n <= 26 && text.charCodeAt(19) === 46)) && isPgTimestampShape(text)) {
    const head = `${text.slice(0, 10)}T${text.slice(11, 19)}`;
    if (n === 19) return `${head}.000Z`;
    const digits = n - 20;
    if (digits === 3) return `${head}${text.slice(19)}Z`;
    if (digits < 3) return `${head}${text.slice(19)}${digits === 1 ? '00' : '0'}Z`;
    if (text.endsWith(digits === 4 ? '0' : digits === 5 ? '00' : '000')) return `${head}${text.slice(19, 23)}Z`;
    return `${head}${text.slice(19)}Z`;
  }
  const m = PG_TS.exec(text);
  if (!m) {
    // infinity / BC dates / unexpected shapes: pass through untouched.
    return text;
  }
  let frac = m[3] ?? '';
  if (frac.length < 3) frac = frac.padEnd(3, '0');
  else if (frac.length > 3 && /^0+$/.test(frac.slice(3))) frac = frac.slice(0, 3);
  return `${m[1]}T${m[2]}.${frac}Z`;
}

/** `YYYY-MM-DD HH:MM:SS` (or with a `T`) in the first 19 characters, digits where digits go. */
function isPgTimestampShape(text: string): boolean {
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(i);
    switch (i) {
      case 4:
      case 7:
        if (c !== 45) return false;
        break;
      case 10:
        if (c !== 32 && c !== 84) return false;
        break;
      case 13:
      case 16:
        if (c !== 58) return false;
        break;
      default:
        if (c < 48 || c > 57) return false;
    }
  }
  for (let i = 20; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Fraction-padded key so that ISO strings of mixed precision sort correctly as text. */
function sortKey(iso: Iso): string {
  const dot = iso.indexOf('.', 17);
  if (dot < 0) return iso.replace(/Z$/, '.000000Z');
  const z = iso.indexOf('Z', dot);
  const frac = iso.slice(dot + 1, z < 0 ? undefined : z);
  return `${iso.slice(0, dot)}.${frac.padEnd(6, '0')}Z`;
}

export function compareIso(a: Iso | null, b: Iso | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  // Same precision (what pgTimestampToIso gives: 3 or 6 digits): text order is time order.
  if (a.length === b.length && (a.length === 24 || a.length === 27) && a.charCodeAt(19) === 46 && b.charCodeAt(19) === 46) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Milliseconds between two ISO timestamps (b - a), or null (also when either is `infinity` / `-infinity`). */
export function msBetween(a: Iso | null, b: Iso | null): number | null {
  if (!a || !b) return null;
  const ms = Date.parse(b) - Date.parse(a);
  return Number.isFinite(ms) ? ms : null;
}

/** Whether a timestamp text is a finite time (not `infinity` / `-infinity`, not garbage). */
export function isFiniteTime(iso: Iso | null | undefined): iso is Iso {
  if (!iso) return false;
  // Fast path for what pgTimestampToIso gives (the ETL asks for every row): `YYYY-MM-DDTHH:MM:SS.fffZ`.
  const c = iso.charCodeAt(0);
  if (iso.length >= 24 && c >= 48 && c <= 57 && iso.charCodeAt(10) === 84 && iso.charCodeAt(iso.length - 1) === 90) return true;
  return Number.isFinite(Date.parse(iso));
}

/** A `timestamp with time zone` text as ISO UTC; `infinity` / `-infinity` pass through as such. */
export function pgTimestamptzToIso(text: string): Iso {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : text;
}

/** ISO string → the text a SQL parameter of type timestamp accepts, keeping microseconds. */
export function isoToPgTimestamp(iso: Iso): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

/** Validates and normalises a user-supplied ISO date/time (assumed UTC without offset). */
export function parseIsoArg(text: string): Iso | null {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', se = '00'] = m;
  // Reject impossible dates (2026-02-30) and times instead of rolling them over.
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)));
  if (
    probe.getUTCFullYear() !== Number(y) ||
    probe.getUTCMonth() !== Number(mo) - 1 ||
    probe.getUTCDate() !== Number(d) ||
    probe.getUTCHours() !== Number(h) ||
    probe.getUTCMinutes() !== Number(mi) ||
    probe.getUTCSeconds() !== Number(se)
  ) {
    return null;
  }
  const hasZone = m[8] !== undefined;
  const ms = Date.parse(hasZone ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}${t.length === 10 ? 'T00:00:00' : ''}Z`);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString();
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const r = Math.round(ms);
  if (r < 1000) return `${r} ms`;
  const tenths = Math.round(r / 100) / 10;
  if (tenths < 10) return `${tenths.toFixed(1)} s`;
  const s = Math.round(r / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
