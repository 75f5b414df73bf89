/**
 * Privacy of the reporting copy (pure; the keyed hash itself is src/etl/pseudonymKey.ts).
 *
 * - Pseudonymised users: a user id becomes `pu_` + the first 24 hex digits (96 bits) of
 *   HMAC-SHA256(key, user id). The same key gives the same pseudonym on every run, so journeys
 *   and counts per user still work; another key gives other pseudonyms (continuity breaks).
 *   The key never leaves src/etl/pseudonymKey.ts: `PseudonymKey` prints as `[pseudonym key]`, and only its
 *   fingerprint (an HMAC of a fixed text, not the key) is stored, to notice a changed key.
 * - Withheld input values: the reporting copy keeps a save's hashes and the JSON paths it
 *   changed (`changedPaths`), never the value.
 */
import { jsonDiff } from './jsonDiff';
import type { SnapshotNode } from './types';

/** What marks a pseudonym: recognisable at a glance, in a table or a chart. */
export const PSEUDONYM_PREFIX = 'pu_';
/** The shortest key accepted (characters). */
export const MIN_KEY_LENGTH = 16;
/** What stands for a withheld input value where a value would be shown. */
export const WITHHELD = '(withheld)';

/**
 * What turns user ids into pseudonyms: a keyed hash (src/etl/pseudonymKey.ts holds the key and
 * Node's HMAC). `fingerprint` identifies the key without revealing it.
 */
export interface Pseudonymiser {
  pseudonym(userId: string): string;
  fingerprint(): string;
}

/** How the reporting copy treats personal data (both off: a plain copy). */
export interface PrivacyOptions {
  /** user ids → keyed pseudonyms (every user column of every reporting table). */
  pseudonymKey?: Pseudonymiser | null;
  /** fact_input_changes keeps hashes and changed paths, not input_data. */
  withholdInputValues?: boolean;
}

/** A user id mapper, memoised (the same few users act many times). */
export function userMapper(key: Pseudonymiser | null | undefined): (user: string | null) => string | null {
  if (!key) return (u) => u;
  const memo = new Map<string, string>();
  return (u) => {
    if (u === null || u === undefined) return null;
    let p = memo.get(u);
    if (p === undefined) memo.set(u, (p = key.pseudonym(u)));
    return p;
  };
}

/**
 * The privacy mode as stored with the reporting schema (reporting.settings), to refuse a run
 * that would mix modes (or keys) in one copy: `users` is `raw` or `pseudonymised:<fingerprint>`,
 * `input_values` is `kept` or `withheld`.
 */
export interface PrivacyMode {
  users: string;
  input_values: 'kept' | 'withheld';
}

export function privacyMode(p: PrivacyOptions | undefined): PrivacyMode {
  return {
    users: p?.pseudonymKey ? `pseudonymised:${p.pseudonymKey.fingerprint()}` : 'raw',
    input_values: p?.withholdInputValues ? 'withheld' : 'kept',
  };
}

function describeUsers(users: string): string {
  return users === 'raw' ? 'real user ids' : `user ids pseudonymised with the key of fingerprint ${users.slice(users.indexOf(':') + 1)}`;
}

/**
 * Why a run with `wanted` may not load a copy loaded with `stored`, or null when it may. A run
 * that adds to the copy must use the same mode and key (rows of two modes would mix). A full
 * rebuild (`rebuild`) may change the key or withhold more, but never brings personal data back
 * into a copy kept free of it: that takes a deliberate step (removing the recorded mode).
 */
export function privacyConflict(stored: PrivacyMode, wanted: PrivacyMode, rebuild = false): string | null {
  if (rebuild) {
    const back: string[] = [];
    if (stored.users !== 'raw' && wanted.users === 'raw') back.push('real user ids');
    if (stored.input_values === 'withheld' && wanted.input_values === 'kept') back.push('input values');
    if (back.length === 0) return null;
    return (
      `the reporting schema was loaded without personal data (${describeUsers(stored.users)}, input values ${stored.input_values}): this full run would copy ${back.join(' and ')} into it. ` +
      "Run it with the same privacy options; to copy personal data into it on purpose, first remove the recorded mode: DELETE FROM reporting.settings WHERE name LIKE 'privacy_%'"
    );
  }
  const why: string[] = [];
  if (stored.users !== wanted.users) {
    const keyChanged = stored.users !== 'raw' && wanted.users !== 'raw';
    why.push(
      `it holds ${describeUsers(stored.users)}, this run would write ${describeUsers(wanted.users)}${keyChanged ? ' (a changed key breaks the continuity of every user)' : ''}`,
    );
  }
  if (stored.input_values !== wanted.input_values) why.push(`it has input values ${stored.input_values}, this run would have them ${wanted.input_values}`);
  if (why.length === 0) return null;
  return `the reporting schema was loaded with other privacy settings: ${why.join('; ')}. Run 'etl --full' (without --since) to reload all of it with the new settings, or use the settings it was loaded with`;
}

/**
 * The JSON paths a save changed, from the previous save's JSON text (null: none, the first
 * save) to its own: `$` for a first value; [] when equal. Capped as `jsonDiff` caps a diff.
 */
export function changedPaths(previousJson: string | null, currentJson: string | null, isChange: boolean): string[] {
  if (!isChange) return [];
  if (previousJson === null || currentJson === null) return ['$'];
  return jsonDiff(JSON.parse(previousJson) as unknown, JSON.parse(currentJson) as unknown).map((c) => c.path);
}

/** A snapshot row as read: changed_paths is not null only where the copy withholds values. */
export type SnapshotRow = Omit<SnapshotNode, 'input_withheld' | 'changed_paths'> & { changed_paths?: string[] | null };

/**
 * Snapshot rows → nodes, a withheld value marked as such (`input_withheld`, the paths its
 * save changed) rather than shown as no value; `withheld`: whether any node's value is.
 */
export function markWithheld(rows: readonly SnapshotRow[]): { nodes: SnapshotNode[]; withheld: boolean } {
  let withheld = false;
  const nodes = rows.map((r): SnapshotNode => {
    const n = nodeOfRow(r, r.input_hash, r.input_data, r.saved_at, r.saved_by, r.changed_paths);
    if (n.input_withheld) withheld = true;
    return n;
  });
  return { nodes, withheld };
}

/** One node of a snapshot from its model columns and the version in force (see markWithheld). */
function nodeOfRow(
  meta: Pick<SnapshotRow, 'node_id' | 'node_name' | 'node_type' | 'node_group' | 'node_seq'>,
  input_hash: string | null,
  input_data: unknown,
  saved_at: string | null,
  saved_by: string | null,
  changed_paths: readonly string[] | null | undefined,
): SnapshotNode {
  const n: SnapshotNode = { node_id: meta.node_id, node_name: meta.node_name, node_type: meta.node_type, node_group: meta.node_group, node_seq: meta.node_seq, input_hash, input_data, saved_at, saved_by };
  if (changed_paths === null || changed_paths === undefined || input_hash === null) return n;
  return { ...n, input_data: null, input_withheld: true, changed_paths: [...changed_paths] };
}

/**
 * A row of the snapshots of two runs of one scenario read together (`snapshot_pair`): run A's
 * version in force as a snapshot row, and run B's in the `b_` columns, which are NULL with
 * `b_same` true where B read the very save A read (the same node_data_id).
 */
export type SnapshotPairRow = SnapshotRow & {
  b_same: boolean;
  b_input_hash: string | null;
  b_input_data: unknown;
  b_saved_at: string | null;
  b_saved_by: string | null;
  b_changed_paths?: string[] | null;
};

/**
 * The two snapshots' nodes of a `snapshot_pair` read, each as markWithheld makes them. Where
 * both runs read the same save, B's node is A's node object (equal by construction: the same
 * model node, the same version), so comparing them costs nothing. Both lists are in the
 * rows' order.
 */
export function splitSnapshotPair(rows: readonly SnapshotPairRow[]): { a: { nodes: SnapshotNode[]; withheld: boolean }; b: { nodes: SnapshotNode[]; withheld: boolean } } {
  const a: SnapshotNode[] = new Array(rows.length);
  const b: SnapshotNode[] = new Array(rows.length);
  let withheldA = false;
  let withheldB = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const na = nodeOfRow(r, r.input_hash, r.input_data, r.saved_at, r.saved_by, r.changed_paths);
    const nb = r.b_same ? na : nodeOfRow(r, r.b_input_hash, r.b_input_data, r.b_saved_at, r.b_saved_by, r.b_changed_paths);
    if (na.input_withheld) withheldA = true;
    if (nb.input_withheld) withheldB = true;
    a[i] = na;
    b[i] = nb;
  }
  return { a: { nodes: a, withheld: withheldA }, b: { nodes: b, withheld: withheldB } };
}

/** The RCA note's sentence when the inputs' values are withheld (null when they are not). */
export function withheldValuesSentence(withheld: boolean): string | null {
  return withheld
    ? '_Input values are withheld in this reporting copy (loaded with `--no-input-values`): the note names the inputs and the JSON paths their saves changed, not the values. Read production for the values._'
    : null;
}
