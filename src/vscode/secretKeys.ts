/**
 * Where a stored password lives: one SecretStorage entry per server, port, database and
 * user, so that a password is only ever sent to the connection it was stored for (never
 * production's to the reporting server). The one place that makes the key (no vscode here).
 */
import { connIdentity, parseConn, type ConnIdentity } from '../db/connString';

/** The keys of earlier versions: one password per role, whatever the server. */
export const LEGACY_SECRET_KEYS = {
  production: 'clearsight.password.production',
  reporting: 'clearsight.password.reporting',
} as const;

export const SECRET_KEY_PREFIX = 'clearsight.password';

export function secretKeyOf(id: ConnIdentity): string {
  return `${SECRET_KEY_PREFIX}:${id.user}@${id.host}:${id.port}/${id.database}`;
}

/** The SecretStorage key of a connection string's password (throws UserError when unparseable). */
export function secretKey(url: string, env: NodeJS.ProcessEnv = process.env): string {
  return secretKeyOf(connIdentity(parseConn(url), env));
}
