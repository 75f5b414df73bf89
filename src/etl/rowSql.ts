/**
 * Pieces of the ETL's generated statements that compare rows (tables.ts, derived.ts,
 * auditTrail.ts): keys equal, and a row's columns equal or not to another's with NULLs equal.
 */

type Join = (items: string[]) => string;
const commas: Join = (items) => items.join(', ');

/** `a.k1 = b.k1 AND a.k2 = b.k2 …` */
export function keysMatch(a: string, b: string, key: readonly string[]): string {
  return key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
}

/**
 * The rows of the CTE `cur` (stored now) whose key the CTE `src` (as they should be) no longer
 * has, deleted from `table`. A set difference (EXCEPT: hashed or sorted), not a NOT EXISTS: the
 * planner, expecting a row or two, compared each of a window's stored rows with each new one
 * (228 × 116 for the state changes at S: 6 ms of nothing).
 */
export function deleteVanished(table: string, key: readonly string[], returning: string): string {
  const k = key.join(', ');
  return `DELETE FROM ${table} t
     USING (SELECT ${k} FROM cur EXCEPT SELECT ${k} FROM src) g
     WHERE ${keysMatch('t', 'g', key)}
    RETURNING ${returning}`;
}

/** `(a.c1, …) IS DISTINCT FROM (b.c1, …)`: the update an upsert makes only when something changed. */
export function rowsDiffer(a: string, b: string, columns: readonly string[], join: Join = commas): string {
  return `(${join(columns.map((c) => `${a}.${c}`))}) IS DISTINCT FROM (${join(columns.map((c) => `${b}.${c}`))})`;
}

/**
 * `NOT EXISTS (stored row equal to the incoming one)`: the rows an upsert leaves out before its
 * INSERT. ON CONFLICT DO UPDATE locks every row it matches even when its WHERE then skips the
 * update, and a lock dirties the page and writes WAL (a whole page after a checkpoint).
 * `same`: the test on stored `o` and incoming `incoming` (default: every column equal, NULLs too).
 */
export function notStored(from: string, incoming: string, key: readonly string[], columns: readonly string[], same?: string, join: Join = commas): string {
  const equal = same ?? `(${join(columns.map((c) => `o.${c}`))}) IS NOT DISTINCT FROM (${join(columns.map((c) => `${incoming}.${c}`))})`;
  return `NOT EXISTS (SELECT 1 FROM ${from} o WHERE ${keysMatch('o', incoming, key)} AND ${equal})`;
}
