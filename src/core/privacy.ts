/**
 * Privacy of the reporting copy (pure: no Node built-ins, so a SHA-256 of its own).
 *
 * - Pseudonymised users: a user id becomes `pu_` + the first 24 hex digits (96 bits) of
 *   HMAC-SHA256(key, user id). The same key gives the same pseudonym on every run, so journeys
 *   and counts per user still work; another key gives other pseudonyms (continuity breaks).
 *   The key never leaves this module: `PseudonymKey` prints as `[pseudonym key]`, and only its
 *   fingerprint (an HMAC of a fixed text, not the key) is stored, to notice a changed key.
 * - Withheld input values: the reporting copy keeps a save's hashes and the JSON paths it
 *   changed (`changedPaths`), never the value.
 */
import { jsonDiff } from './jsonDiff';
import type { SnapshotNode } from './types';

/** What marks a pseudonym: recognisable at a glance, in a table or a chart. */
export const PSEUDONYM_PREFIX = 'pu_';
const PSEUDONYM_HEX = 24;
/** The shortest key accepted (characters). */
export const MIN_KEY_LENGTH = 16;
/** What stands for a withheld input value where a value would be shown. */
export const WITHHELD = '(withheld)';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 (FIPS 180-4) of bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  const bitLen = data.length * 8;
  const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]);
  return out;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** HMAC-SHA256 (RFC 2104) of a message under a key. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

function hex(bytes: Uint8Array, digits: number): string {
  let s = '';
  for (let i = 0; i < bytes.length && s.length < digits; i++) s += bytes[i].toString(16).padStart(2, '0');
  return s.slice(0, digits);
}

/** The secret key of the pseudonyms. Prints as `[pseudonym key]`, never as itself. */
export class PseudonymKey {
  readonly #bytes: Uint8Array;
  /** `why` names where the key came from, for the one line an unusable key gives. */
  constructor(secret: string, why = 'the pseudonym key') {
    const s = secret.trim();
    if (s.length < MIN_KEY_LENGTH) throw new RangeError(`${why} is too short: at least ${MIN_KEY_LENGTH} characters (a random 32-byte hex or base64 string is best)`);
    this.#bytes = utf8(s);
  }

  /** `pu_` + 24 hex digits of HMAC-SHA256(key, user id). */
  pseudonym(userId: string): string {
    return PSEUDONYM_PREFIX + hex(hmacSha256(this.#bytes, utf8(userId)), PSEUDONYM_HEX);
  }

  /** Identifies the key without revealing it: 16 hex digits of HMAC(key, a fixed text). */
  fingerprint(): string {
    return hex(hmacSha256(this.#bytes, utf8('clearsight-rca pseudonym key fingerprint')), 16);
  }

  toString(): string {
    return '[pseudonym key]';
  }
  toJSON(): string {
    return '[pseudonym key]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[pseudonym key]';
  }
}

/** How the reporting copy treats personal data (both off: a plain copy). */
export interface PrivacyOptions {
  /** user ids → keyed pseudonyms (every user column of every reporting table). */
  pseudonymKey?: PseudonymKey | null;
  /** fact_input_changes keeps hashes and changed paths, not input_data. */
  withholdInputValues?: boolean;
}

/** A user id mapper, memoised (the same few users act many times). */
export function userMapper(key: PseudonymKey | null | undefined): (user: string | null) => string | null {
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
  const nodes = rows.map(({ changed_paths, ...n }): SnapshotNode => {
    if (changed_paths === null || changed_paths === undefined || n.input_hash === null) return n;
    withheld = true;
    return { ...n, input_data: null, input_withheld: true, changed_paths: [...changed_paths] };
  });
  return { nodes, withheld };
}

/** The RCA note's sentence when the inputs' values are withheld (null when they are not). */
export function withheldValuesSentence(withheld: boolean): string | null {
  return withheld
    ? '_Input values are withheld in this reporting copy (loaded with `--no-input-values`): the note names the inputs and the JSON paths their saves changed, not the values. Read production for the values._'
    : null;
}
