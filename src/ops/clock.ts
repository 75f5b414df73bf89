/**
 * Time for the scheduler, injected: the system clock in `serve`, a simulated one in tests
 * (a day of schedules runs in seconds, with no sleeps).
 */
import { UserError } from '../core/errors';

export interface Clock {
  now(): number;
  /** Resolves after `ms` (at once when `signal` is or becomes aborted; never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      // Long waits are cut in pieces (timers are 32-bit); the caller re-checks the time anyway.
      const timer = setTimeout(done, Math.min(Math.max(0, ms), 2 ** 31 - 1));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

const MINUTE = 60_000;

/** The first slot of an `everyMinutes` grid (from 00:00 UTC) at or after `atMs`. */
export function slotAtOrAfter(atMs: number, everyMinutes: number): number {
  const step = everyMinutes * MINUTE;
  return Math.ceil(atMs / step) * step;
}

/** The last slot of the grid at or before `atMs`. */
export function slotAtOrBefore(atMs: number, everyMinutes: number): number {
  const step = everyMinutes * MINUTE;
  return Math.floor(atMs / step) * step;
}

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export function parseTimeOfDay(text: string, option = '--full-at'): TimeOfDay {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) throw new UserError(`${option}: expected HH:MM (00:00 to 23:59), got '${text}'`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Checks an IANA time zone name ('UTC', 'Europe/Berlin'). */
export function requireTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw new UserError(`--tz: unknown time zone '${tz}' (an IANA name such as UTC or Europe/Berlin)`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (local = UTC + offset). */
function offsetAt(ms: number, tz: string): number {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return local - Math.floor(ms / 1000) * 1000;
}

/** The instant of local `time` on the local day containing `dayMs`, in `tz`. */
function localTimeOn(dayMs: number, time: TimeOfDay, tz: string): number {
  const local = new Date(dayMs + offsetAt(dayMs, tz));
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), time.hour, time.minute);
  // Two passes settle the offset on either side of a daylight-saving change.
  let at = wall - offsetAt(wall, tz);
  at = wall - offsetAt(at, tz);
  return at;
}

/** The first instant at or after `atMs` whose local time in `tz` is `time` (daily). */
export function dailyAtOrAfter(atMs: number, time: TimeOfDay, tz: string): number {
  for (let d = -1; d <= 2; d++) {
    const at = localTimeOn(atMs + d * 24 * 60 * MINUTE, time, tz);
    if (at >= atMs) return at;
  }
  throw new Error('no daily time found within two days');
}
