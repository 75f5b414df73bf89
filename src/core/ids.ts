/** ClearSight ids: scenarios, runs, nodes and requests are UUIDs (any case in input). */

/** The text of one UUID, for building larger patterns. */
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const WHOLE_UUID = new RegExp(`^${UUID_SOURCE}$`, 'i');

/** A value that is exactly one UUID (no spaces around it). */
export function isUuid(x: unknown): x is string {
  return typeof x === 'string' && WHOLE_UUID.test(x);
}
