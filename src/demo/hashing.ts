/** Input hashing: canonical JSON and the input_hash the source computes. */
import { createHash } from 'node:crypto';

/** Whether every object inside has its keys in sorted order already (then JSON.stringify is canonical). */
function keysSorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!keysSorted(value[i])) return false;
    return true;
  }
  let prev: string | undefined;
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    if (prev !== undefined && !(prev < k)) return false;
    if (typeof obj[k] === 'object' && !keysSorted(obj[k])) return false;
    prev = k;
  }
  return Object.getPrototypeOf(obj) === Object.prototype || Object.getPrototypeOf(obj) === null;
}

/** JSON with object keys sorted (recursively); the text `input_hash` is computed from. */
export function canonicalJson(value: unknown): string {
  if (keysSorted(value)) return JSON.stringify(value) ?? 'null';
  return slowCanonicalJson(value);
}

function slowCanonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i) out += ',';
          out += slowCanonicalJson(value[i]);
        }
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        if (obj[k] === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(k)}:${slowCanonicalJson(obj[k])}`;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

/** `input_hash`: the first 16 hex digits of the SHA-256 of the canonical JSON. */
export function inputHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}
