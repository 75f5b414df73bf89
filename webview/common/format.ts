/** Display formatting shared by the panels: pure and locale-independent (UTC, `1,234`). */
import { summarizeValue } from '../../src/core/jsonDiff';
import { formatDuration } from '../../src/core/time';
import type { Iso, RunStatus } from '../../src/core/types';

export { formatDuration, summarizeValue };

/** `2026-03-01T10:00:00.123Z` → `2026-03-01 10:00:00` (UTC; the panels say so once). */
export function formatIso(iso: Iso | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** Thousands separators, always `,`: 11950 → `11,950`. */
export function groupDigits(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const neg = n < 0;
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** `1 run` / `3 runs`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${groupDigits(n)} ${n === 1 ? one : many}`;
}

/** First 8 characters of a UUID, for compact labels (the full id goes in a title). */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '—';
}

/** Short hash for tables (`1aae1f57acfa7866` stays; longer hashes are cut to 12). */
export function shortHash(hash: string | null | undefined): string {
  if (!hash) return '—';
  return hash.length > 16 ? `${hash.slice(0, 12)}…` : hash;
}

/** Codicon and CSS class of a run status. */
export function statusLook(status: RunStatus | string | null | undefined): { icon: string; cls: string; label: string } {
  switch (status) {
    case 'success':
      return { icon: 'pass', cls: 'ok', label: 'success' };
    case 'failed':
      return { icon: 'error', cls: 'bad', label: 'failed' };
    case 'timeout':
      return { icon: 'watch', cls: 'bad', label: 'timeout' };
    case 'running':
      return { icon: 'sync', cls: 'busy', label: 'running' };
    case 'queued':
      return { icon: 'clock', cls: 'busy', label: 'queued' };
    case null:
    case undefined:
      return { icon: 'circle-slash', cls: 'none', label: 'no run' };
    default:
      return { icon: 'circle-outline', cls: 'none', label: String(status) };
  }
}

export interface PrettyJson {
  text: string;
  /** Characters left out (0 when complete). */
  omitted: number;
}

/**
 * Pretty-printed JSON (2 spaces), cut after `maxChars` characters so a 12,000-record
 * input does not freeze the view. `undefined` (absent) prints as `(absent)`.
 */
export function prettyJson(value: unknown, maxChars = 200_000): PrettyJson {
  if (value === undefined) return { text: '(absent)', omitted: 0 };
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length <= maxChars) return { text, omitted: 0 };
  let cut = maxChars;
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return { text: text.slice(0, cut), omitted: text.length - cut };
}

/** Lower-cased text a search box matches a value against (compact JSON). */
export function searchableJson(value: unknown): string {
  if (value === undefined || value === null) return '';
  try {
    return (typeof value === 'string' ? value : JSON.stringify(value)).toLowerCase();
  } catch {
    return '';
  }
}
