/**
 * Pure formatting shared by the scenarios tree and the run-id hover: status icons and
 * words, UTC and relative times, one-line excerpts and markdown-safe user text.
 * No `vscode` import: unit-tested in plain mocha.
 */
import { escapeMarkdown, truncate } from '../../core/markdown';
import { isFailedRun, isOpenRun } from '../../core/runRules';
import type { Iso, RunStatus } from '../../core/types';

/** A codicon id (with optional `~spin`) and an optional theme colour id. */
export interface IconSpec {
  id: string;
  color?: string;
}

/** Icon of a run status; `null` is a scenario that never ran. */
export function runStatusIcon(status: RunStatus | null): IconSpec {
  switch (status) {
    case 'success':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'errorForeground' };
    case 'timeout':
      return { id: 'watch', color: 'list.warningForeground' };
    case 'running':
      return { id: 'sync~spin' };
    case 'queued':
      return { id: 'clock' };
    default:
      return { id: 'circle-outline' };
  }
}

/** The lower-case word used in descriptions: `failed`, `timed out`, `never run` … */
export function statusWord(status: RunStatus | null): string {
  switch (status) {
    case 'success':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'timeout':
      return 'timed out';
    case 'running':
      return 'running';
    case 'queued':
      return 'queued';
    default:
      return status ? String(status) : 'never run';
  }
}

/** A run counts as failing when it failed (isFailedRun of src/core/runRules). */
export function isFailing(status: RunStatus | null | undefined): boolean {
  return isFailedRun(status);
}

/** A run whose facts can still change. */
export function isOpen(status: RunStatus | null | undefined): boolean {
  return isOpenRun(status);
}

const ISO_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/;

/** `2026-03-01T10:00:05.123Z` → `2026-03-01 10:00:05 UTC` (minutes only when `seconds` is false). */
export function formatUtc(iso: Iso, seconds = true): string {
  const m = ISO_RE.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]}${seconds ? (m[3] ?? ':00') : ''} UTC`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * `just now`, `5 min ago`, `3 h ago`, `2 d ago` within a week; older (or future, clock
 * skew beyond a minute) times as `2026-03-01 10:00 UTC`.
 */
export function formatWhen(iso: Iso, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const age = now - t;
  if (age < -MINUTE || age >= 7 * DAY) return formatUtc(iso, false);
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  return `${Math.floor(age / DAY)} d ago`;
}

/** Whitespace (line breaks included) collapsed to single spaces, trimmed, at most `n` characters. */
export function oneLine(text: string, n = 200): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), n);
}

/** `1a2b3c4d` from a UUID (the first 8 characters). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/**
 * User or database text for a MarkdownString with `supportThemeIcons`: escapeMarkdown,
 * and `$(name)` neutralised so a fail reason cannot render as a codicon.
 */
export function mdText(text: string): string {
  // escapeMarkdown turns `$(x)` into `$\(x\)`; a doubled backslash before `$` renders as a
  // literal `\$`, which the theme-icon pass treats as an escaped (literal) `$(x)`.
  return escapeMarkdown(text).replace(/\$(?=\\\()/g, '\\\\$');
}

/**
 * A data value for markdown, enums and numbers included (a status is whatever the database
 * holds): letters, digits, spaces, `.`, `:` and `-` only (times, durations, known words) as
 * they are, anything else through mdText.
 */
export function mdValue(v: unknown): string {
  const text = String(v);
  return /^[A-Za-z0-9 .:-]*$/.test(text) ? text : mdText(text);
}

/** One-line, truncated, markdown-safe excerpt of user text. */
export function mdExcerpt(text: string, n: number): string {
  return mdText(oneLine(text, n));
}
