/**
 * Demo time: integer microseconds since the epoch (exact in a double), to and from ISO text.
 */
import type { Iso } from '../core/types';

export const US_SECOND = 1_000_000;
export const US_MINUTE = 60 * US_SECOND;
export const US_HOUR = 60 * US_MINUTE;
export const US_DAY = 24 * US_HOUR;

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

// Written into a scratch buffer and decoded once (a flat string, not a rope: this runs
// for millions of timestamps).
const ISO_BUF = Buffer.alloc(27);
const dayPrefix = new Map<number, Buffer>();

function put2(o: number, n: number): void {
  ISO_BUF[o] = 48 + Math.floor(n / 10);
  ISO_BUF[o + 1] = 48 + (n % 10);
}

function put3(o: number, n: number): void {
  ISO_BUF[o] = 48 + Math.floor(n / 100);
  ISO_BUF[o + 1] = 48 + (Math.floor(n / 10) % 10);
  ISO_BUF[o + 2] = 48 + (n % 10);
}

/** Microseconds since the epoch → ISO UTC: milliseconds, or 6 fraction digits when sub-millisecond. */
export function isoFromMicros(us: number): Iso {
  const ms = Math.floor(us / 1000);
  const sub = us - ms * 1000;
  const day = Math.floor(ms / 86_400_000);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = Buffer.from(new Date(day * 86_400_000).toISOString().slice(0, 11), 'latin1');
    if (prefix.length !== 11) throw new RangeError(`year out of range: ${us}`);
    dayPrefix.set(day, prefix);
  }
  prefix.copy(ISO_BUF, 0);
  let rem = ms - day * 86_400_000;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const m = Math.floor(rem / 60_000);
  rem -= m * 60_000;
  const s = Math.floor(rem / 1000);
  put2(11, h);
  ISO_BUF[13] = 58; // ':'
  put2(14, m);
  ISO_BUF[16] = 58;
  put2(17, s);
  ISO_BUF[19] = 46; // '.'
  put3(20, rem - s * 1000);
  if (sub) {
    put3(23, sub);
    ISO_BUF[26] = 90; // 'Z'
    return ISO_BUF.toString('latin1', 0, 27);
  }
  ISO_BUF[23] = 90;
  return ISO_BUF.toString('latin1', 0, 24);
}

/** ISO UTC (up to 6 fraction digits) → microseconds since the epoch. */
export function microsFromIso(iso: Iso): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO UTC timestamp: ${iso}`);
  const base = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(base)) throw new RangeError(`not an ISO UTC timestamp: ${iso}`);
  return base * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}
