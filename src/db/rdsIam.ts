/**
 * Amazon RDS IAM database authentication: instead of a password, a token signed with the
 * caller's AWS credentials (`@aws-sdk/rds-signer`, the standard credential chain: nothing
 * stored by us). A token is valid for 15 minutes for opening new connections; connections
 * already open are not affected. Tokens are cached and renewed 5 minutes before they expire,
 * so every new connection of the pool gets a fresh one. IAM authentication requires SSL.
 */
import { parseConn } from './connString';
import { UserError } from '../core/errors';

export type AuthMode = 'password' | 'aws-iam';
export const AUTH_MODES: readonly AuthMode[] = ['password', 'aws-iam'];

/** RDS accepts a token for 15 minutes; we renew after 10. */
export const TOKEN_RENEW_AFTER_MS = 10 * 60_000;

export interface RdsIamOptions {
  hostname: string;
  port: number;
  username: string;
  region: string;
  /** A profile of the shared AWS config (SSO included); else the default chain. */
  profile?: string;
  /** Other credentials than the chain's (tests). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The clock (tests). */
  now?: () => number;
  /** The signing itself (tests count calls); default: the SDK's Signer. */
  sign?: () => Promise<string>;
}

/** A cached token, renewed before it expires; concurrent callers share one signing. */
export class RdsIamTokens {
  private token: string | null = null;
  private signedAt = 0;
  private pending: Promise<string> | null = null;
  private readonly now: () => number;
  private readonly sign: () => Promise<string>;

  constructor(readonly options: RdsIamOptions) {
    this.now = options.now ?? Date.now;
    if (options.sign) this.sign = options.sign;
    else {
      // The AWS SDK loads with the first token, not with the extension or the CLI.
      let signer: Promise<{ getAuthToken(): Promise<string> }> | undefined;
      this.sign = async () => {
        signer ??= import('@aws-sdk/rds-signer').then(
          ({ Signer }) =>
            new Signer({
              hostname: options.hostname,
              port: options.port,
              username: options.username,
              region: options.region,
              profile: options.profile,
              credentials: options.credentials,
            }),
        );
        return (await signer).getAuthToken();
      };
    }
  }

  /** A token valid for at least 5 more minutes. */
  async get(): Promise<string> {
    if (this.token && this.now() - this.signedAt < TOKEN_RENEW_AFTER_MS) return this.token;
    if (!this.pending) {
      const started = this.now();
      this.pending = this.sign()
        .then((t) => {
          this.token = t;
          this.signedAt = started;
          return t;
        })
        .catch((err: unknown) => {
          const e = err as { name?: string; message?: string };
          throw new UserError(`cannot sign an RDS IAM token for ${this.options.username}@${this.options.hostname}:${this.options.port} (${this.options.region}): ${e?.name ? `${e.name}: ` : ''}${e?.message ?? String(err)}`, 'unavailable');
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  /** The last token (to keep it out of error messages). */
  get current(): string | null {
    return this.token;
  }
}

/**
 * The token source and the SSL mode for a URL with IAM authentication: host, port and user
 * from the URL; SSL required (`disable`/`allow`/`prefer` refused, `require` when unset).
 */
export function rdsIamFor(url: string, o: { region?: string; profile?: string; sslMode?: string }): { tokens: RdsIamTokens; sslMode: string } {
  // The one reading of connection strings (URL or libpq key=value; UserError when neither).
  const parsed = parseConn(url);
  const hostname = parsed.host ?? '';
  const username = parsed.user ?? '';
  if (!hostname || hostname.startsWith('/')) throw new UserError('aws-iam authentication needs the database host name in the URL', 'config');
  if (!username) throw new UserError('aws-iam authentication needs the database user in the URL (postgres://USER@host/db)', 'config');
  if (parsed.password) throw new UserError('aws-iam authentication: leave the password out of the URL (the token replaces it)', 'config');
  const region = o.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || /\.([a-z]{2}-[a-z]+-\d)\.rds\.amazonaws\.com$/.exec(hostname)?.[1];
  if (!region) throw new UserError('aws-iam authentication needs a region: pass --region, set AWS_REGION, or use the RDS endpoint host name', 'config');
  const mode = (o.sslMode ?? parsed.sslmode ?? '').toLowerCase();
  if (mode === 'disable' || mode === 'allow' || mode === 'prefer') throw new UserError(`aws-iam authentication requires SSL: sslmode ${mode} is not allowed (use require or verify-full)`, 'config');
  return {
    tokens: new RdsIamTokens({ hostname, port: Number(parsed.port || 5432), username, region, profile: o.profile }),
    sslMode: mode || 'require',
  };
}
