/** Command arguments (an id string, a tree node or a hover link object) and times in quick picks. */
import { isUuid } from '../../core/ids';
import type { IdArg } from '../services';

/** Normalises a command argument: an id string, a tree node or hover link object. */
export function idsOf(arg: unknown): IdArg {
  if (typeof arg === 'string') return isUuid(arg.trim()) ? { runId: arg.trim() } : {};
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    const pick = (k: string): string | undefined => (typeof o[k] === 'string' && isUuid(o[k] as string) ? (o[k] as string) : undefined);
    return { scenarioId: pick('scenarioId'), runId: pick('runId'), otherRunId: pick('otherRunId') };
  }
  return {};
}

/** A time for a quick pick: `2026-11-11 12:35:52 UTC`, or "never run". */
export function when(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'never run';
}
