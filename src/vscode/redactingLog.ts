/**
 * The output channel as the extension writes to it: every line through core/redact, with
 * the passwords the extension knows (SecretStorage) as well as every connection string
 * form. No vscode import: the channel is passed in.
 */
import { redact } from '../core/redact';

/** Passwords read from SecretStorage this session: removed from every line wherever they appear. */
const known = new Set<string>();

export function rememberSecret(secret: string | undefined): void {
  if (secret) known.add(secret);
}

/** `text` without any password (patterns and the known secrets). */
export function redactKnown(text: string): string {
  return redact(text, known);
}

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function clean(arg: unknown): unknown {
  if (typeof arg === 'string') return redactKnown(arg);
  if (arg instanceof Error) return redactKnown(arg.message);
  return arg;
}

/** The same channel, each write redacted. */
export function redactingLog<T extends object>(channel: T): T {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && WRITERS.has(prop) && typeof value === 'function') {
        return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map(clean));
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
