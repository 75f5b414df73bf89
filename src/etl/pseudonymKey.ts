/**
 * The secret key of pseudonymised user ids (see src/core/privacy.ts): a user id becomes `pu_`
 * + the first 24 hex digits (96 bits) of HMAC-SHA256(key, user id), from Node's crypto. The key
 * prints as `[pseudonym key]`, never as itself, in strings, JSON and inspection.
 */
import { createHmac } from 'node:crypto';
import { MIN_KEY_LENGTH, PSEUDONYM_PREFIX, type Pseudonymiser } from '../core/privacy';

const PSEUDONYM_HEX = 24;
const FINGERPRINT_TEXT = 'clearsight-rca pseudonym key fingerprint';

export class PseudonymKey implements Pseudonymiser {
  readonly #secret: string;
  /** `why` names where the key came from, for the one line an unusable key gives. */
  constructor(secret: string, why = 'the pseudonym key') {
    const s = secret.trim();
    if (s.length < MIN_KEY_LENGTH) throw new RangeError(`${why} is too short: at least ${MIN_KEY_LENGTH} characters (a random 32-byte hex or base64 string is best)`);
    this.#secret = s;
  }

  /** `pu_` + 24 hex digits of HMAC-SHA256(key, user id). */
  pseudonym(userId: string): string {
    return PSEUDONYM_PREFIX + createHmac('sha256', this.#secret).update(userId, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX);
  }

  /** Identifies the key without revealing it: 16 hex digits of HMAC(key, a fixed text). */
  fingerprint(): string {
    return createHmac('sha256', this.#secret).update(FINGERPRINT_TEXT, 'utf8').digest('hex').slice(0, 16);
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
