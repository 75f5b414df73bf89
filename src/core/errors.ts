/**
 * The errors of ClearSight RCA and what each kind of error does, in ONE table: the CLI's
 * exit code (cli-contract.md: 1 bad input, 2 cannot connect / database error), the HTTP
 * API's status (src/api/server.ts answerOf) and how the extension shows it
 * (src/vscode/errors.ts showError). To change a policy, change ERROR_KINDS; to add an
 * error, throw a UserError (or a subclass) with the kind that says what went wrong.
 *
 * Anything that is not a UserError is a bug: `kindOf` says `bug`.
 */

/**
 * - `user`: bad input or nothing to do (a malformed UUID, a bad flag, no failed run to compare);
 * - `notFound`: an id the source does not know (the API's 404);
 * - `config`: the connection settings are missing or wrong (a bad connection string, no --prod);
 * - `auth`: the server refused the credentials (SQLSTATE 28P01 / 28000);
 * - `unavailable`: cannot connect, or the database failed (a DbError, a log source unreadable);
 * - `bug`: anything else: unexpected, worth its stack in a log.
 */
export type ErrorKind = 'user' | 'notFound' | 'config' | 'auth' | 'unavailable' | 'bug';

export interface ErrorKindPolicy {
  /** The CLI's exit code. */
  readonly exitCode: 1 | 2;
  /** The HTTP API's status. */
  readonly httpStatus: 400 | 404 | 500 | 503;
  /** What the API answers instead of the error's own message (the details go to the log only); null: its public message. */
  readonly httpMessage: string | null;
  /**
   * How the extension shows it: `info` an information message saying why, `error` an error
   * message, `auth` an error with a way out (Set Database Password), `unexpected` an error
   * saying so, with the stack in the output channel.
   */
  readonly ui: 'info' | 'error' | 'auth' | 'unexpected';
}

export const ERROR_KINDS: Readonly<Record<ErrorKind, ErrorKindPolicy>> = {
  user: { exitCode: 1, httpStatus: 400, httpMessage: null, ui: 'info' },
  notFound: { exitCode: 1, httpStatus: 404, httpMessage: null, ui: 'info' },
  config: { exitCode: 1, httpStatus: 400, httpMessage: null, ui: 'info' },
  auth: { exitCode: 2, httpStatus: 503, httpMessage: 'database unavailable', ui: 'auth' },
  unavailable: { exitCode: 2, httpStatus: 503, httpMessage: 'database unavailable', ui: 'error' },
  bug: { exitCode: 2, httpStatus: 500, httpMessage: 'internal error', ui: 'unexpected' },
};

/** An error worth one clear line to the user (never a stack); its kind decides the rest (ERROR_KINDS). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly kind: Exclude<ErrorKind, 'bug'> = 'user',
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** The CLI's exit code (ERROR_KINDS). */
  get exitCode(): 1 | 2 {
    return ERROR_KINDS[this.kind].exitCode;
  }

  /** What the HTTP API may answer with (never a host or SQL: see NotFoundError). */
  get publicMessage(): string {
    return this.message;
  }
}

/**
 * A run, scenario or user id the source does not know. Engine.read() tries the fallback
 * source (production, for ids newer than the last ETL) on this error only.
 */
export class NotFoundError extends UserError {
  /**
   * @param summary what is unknown (`unknown run id …`): all the HTTP API answers
   * @param where where it was looked up (`not found on host:port/db`), for the command's message only
   */
  constructor(
    readonly summary: string,
    where?: string,
  ) {
    super(where ? `${summary} (${where})` : summary, 'notFound');
    this.name = 'NotFoundError';
  }

  override get publicMessage(): string {
    return this.summary;
  }
}

/** SQLSTATEs of refused credentials: invalid_password, invalid_authorization_specification. */
const AUTH_CODES: ReadonlySet<string> = new Set(['28P01', '28000']);

/**
 * The database failed or cannot be reached. Its kind is `auth` when its SQLSTATE says the
 * credentials were refused, never by the message's words; an adapter that knows better
 * without a SQLSTATE (the driver's own "no password given") passes the kind.
 */
export class DbError extends UserError {
  constructor(
    message: string,
    /** The SQLSTATE when the server sent one (e.g. 23505). */
    readonly code?: string,
    kind: 'auth' | 'unavailable' = code !== undefined && AUTH_CODES.has(code) ? 'auth' : 'unavailable',
  ) {
    super(message, kind);
    this.name = 'DbError';
  }
}

/** The kind of any thrown value: a UserError's own, `bug` for anything else. */
export function kindOf(err: unknown): ErrorKind {
  return err instanceof UserError ? err.kind : 'bug';
}

/** The policy for any thrown value (ERROR_KINDS[kindOf(err)]). */
export function policyOf(err: unknown): ErrorKindPolicy {
  return ERROR_KINDS[kindOf(err)];
}
