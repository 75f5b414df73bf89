import type { Iso } from './types';

const PG_TS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/;

/**
 * Turns a PostgreSQL `timestamp without time zone` text (which holds UTC) into ISO 8601
 * UTC with a `Z`. Keeps the source precision, at least milliseconds:
 * `2026-01-01 10:00:00.1` → `2026-01-01T10:00:00.100Z`, `...00.123456` stays 6 digits.
 * Independent of the process time zone: no Date object is involved.
 */
export function pgTimestampToIso(text: string): Iso {
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
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Milliseconds between two ISO timestamps (b - a), or null. */
export function msBetween(a: Iso | null, b: Iso | null): number | null {
  if (!a || !b) return null;
  return Date.parse(b) - Date.parse(a);
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
