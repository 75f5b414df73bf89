/**
 * The privacy options of `etl` and `serve` (src/core/privacy.ts): `--pseudonymise-users` with
 * its key, `--no-input-values`. The key comes from a file (`--pseudonym-key-file`, or
 * CLEARSIGHT_PSEUDONYM_KEY_FILE) or from CLEARSIGHT_PSEUDONYM_KEY, never from a flag's value
 * (it would show in the process list and the shell history), and is never printed.
 */
import { readFileSync } from 'node:fs';
import type { PrivacyOptions } from '../core/privacy';
import { PseudonymKey } from '../etl/pseudonymKey';
import { UserError } from '../core/errors';
import { str, type ParsedArgs } from './args';

export const PRIVACY_USAGE = [
  '      [--pseudonymise-users]                   (user ids → keyed pseudonyms; key: CLEARSIGHT_PSEUDONYM_KEY',
  '      [--pseudonym-key-file FILE]               or the first line of FILE / CLEARSIGHT_PSEUDONYM_KEY_FILE)',
  '      [--no-input-values]                      (input hashes and changed paths only, no values)',
];

/** The pseudonym key, when one is configured (file first, then the variable); null when none. */
function readKey(args: ParsedArgs, env: NodeJS.ProcessEnv): PseudonymKey | null {
  const file = str(args.flags, 'pseudonym-key-file') ?? (env.CLEARSIGHT_PSEUDONYM_KEY_FILE || undefined);
  const where = file !== undefined ? `the pseudonym key file ${file}` : 'CLEARSIGHT_PSEUDONYM_KEY';
  let secret: string | undefined;
  if (file !== undefined) {
    try {
      secret = readFileSync(file, 'utf8').split(/\r?\n/)[0];
    } catch (err) {
      throw new UserError(`--pseudonym-key-file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else secret = env.CLEARSIGHT_PSEUDONYM_KEY;
  if (secret === undefined || secret.trim() === '') {
    if (file !== undefined) throw new UserError(`${where} is empty`);
    return null;
  }
  try {
    return new PseudonymKey(secret, where);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

/**
 * The privacy options from the flags and the environment. `--pseudonymise-users` without a key
 * is refused (exit 1). With `forVerify`, a configured key is read without the flag (verify
 * maps production's ids as the copy records it was loaded).
 */
export function privacyOptions(args: ParsedArgs, env: NodeJS.ProcessEnv, forVerify = false): PrivacyOptions {
  const pseudonymise = args.flags.has('pseudonymise-users');
  const key = pseudonymise || forVerify ? readKey(args, env) : null;
  if (pseudonymise && !key) {
    throw new UserError(
      '--pseudonymise-users needs a key: set CLEARSIGHT_PSEUDONYM_KEY, or give --pseudonym-key-file FILE (at least 16 characters; keep it secret and unchanged: another key gives every user another pseudonym)',
    );
  }
  return { pseudonymKey: key, withholdInputValues: args.flags.has('no-input-values') };
}
