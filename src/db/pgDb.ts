import { Client, Pool, types as pgTypes, type ClientConfig, type PoolClient, type PoolConfig } from 'pg';
import { redact as redactText } from '../core/redact';
import { pgTimestampToIso, pgTimestamptzToIso } from '../core/time';
import { connIdentity, describeConn, mergeOptions, parseConn, sslModeOf, type ConnParams } from './connString';
import { CopyFromQuery, CopyOutQuery } from './pgCopy';
import { sqlText } from './sqlFiles';
import { DbError, UserError } from '../core/errors';
import type { Db, Queryable, Row, Session, TransactionOptions, Tx } from './db';

export interface PgDbOptions {
  /** libpq URL or key=value string; PG* environment variables and ~/.pgpass fill what it leaves out. */
  url: string;
  /**
   * Production: PostgreSQL itself refuses writes. Every session starts read-only, and every
   * statement runs inside `BEGIN READ ONLY` (a transaction-mode pooler may hand a later
   * statement to another backend; the transaction is what stays read-only).
   */
  readOnly: boolean;
  /** statement_timeout in ms (0 = none). Default 30,000. */
  statementTimeoutMs?: number;
  /** Connect timeout in ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** Password from SecretStorage or a prompt; overrides the connection string's. */
  password?: string;
  /** A password per new connection instead (RDS IAM tokens, src/db/rdsIam.ts). */
  passwordProvider?: () => Promise<string>;
  /** sslmode override (disable, prefer, require, verify-ca, verify-full): wins over the connection string's and PGSSLMODE. */
  sslMode?: string;
  /** Pool size. Default 4. */
  max?: number;
  /** Called once with a warning (e.g. the read-only role can write). */
  onWarning?: (message: string) => void;
  /** Called after each query with its duration (no values). */
  onQuery?: (name: string, ms: number, rows: number) => void;
}

const OID = { INT8: 20, NUMERIC: 1700, TIMESTAMP: 1114, TIMESTAMPTZ: 1184, DATE: 1082 };

/**
 * Type parsers of our own, per client (never the process-global pg.types):
 * `timestamp` holds UTC and becomes an ISO string with `Z` whatever the process TZ;
 * `bigint` counts and `numeric` durations become numbers.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (format === 'binary') return (v: string) => v;
    switch (oid) {
      case OID.TIMESTAMP:
        return pgTimestampToIso;
      case OID.TIMESTAMPTZ:
        return pgTimestamptzToIso;
      case OID.DATE:
        return (v: string) => v;
      case OID.INT8:
      case OID.NUMERIC:
        return (v: string) => Number(v);
      default:
        // pg's built-in parsers for the rest (json, bool, int4, arrays…).
        return pgTypes.getTypeParser(oid, 'text');
    }
  },
};

/** `host:port/db` for messages; never the password. */
export function describeUrl(url: string): string {
  return describeConn(url);
}

/** Removes any password from a text (see core/redact: every connection string form). */
export function redact(text: string, password?: string): string {
  return redactText(text, [password]);
}

// ECONNRESET is not among them: a reset mid-run is a closed connection (below), not a failed connect.
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATEs of a connection the server ended (pg_terminate_backend, shutdown, crash) or lost. */
const CLOSED_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08007']);

/** Turns a driver error into one clear line naming the host and cause, never the password. */
export function toDbError(err: unknown, label: string, password?: string): UserError {
  if (err instanceof UserError) return err;
  const e = err as { code?: string; message?: string; errno?: number };
  const code = e?.code ?? '';
  const msg = redact(String(e?.message ?? err), password);
  let text: string;
  if (CONNECT_CODES.has(code)) {
    text = `cannot connect to ${label}: ${code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found' : code === 'ECONNREFUSED' ? 'connection refused' : msg}`;
  } else if (code === '28P01' || code === '28000') {
    text = `cannot connect to ${label}: authentication failed (${msg})`;
  } else if (code === '3D000') {
    text = `cannot connect to ${label}: ${msg}`;
  } else if (code === '57014') {
    text = `query cancelled on ${label}: ${/statement timeout/i.test(msg) ? 'statement timeout reached' : 'cancelled'}`;
  } else if (code === '25006') {
    text = `refused by ${label}: the connection is read-only (${msg})`;
  } else if (/timeout expired|Connection terminated due to connection timeout/i.test(msg)) {
    text = `cannot connect to ${label}: connection timed out`;
  } else if (/self.signed|certificate|SSL|TLS/i.test(msg)) {
    text = `cannot connect to ${label}: SSL: ${msg}`;
  } else if (CLOSED_CODES.has(code) || /Connection terminated|not queryable|ECONNRESET|EPIPE/i.test(msg)) {
    text = `connection to ${label} was closed: ${msg.split('\n')[0]}`;
  } else {
    text = `database error on ${label}: ${msg}${code ? ` [${code}]` : ''}`;
  }
  // The driver's own refusal to sign in without a password (no SQLSTATE: the server never saw one) is a failed sign-in too.
  const noPassword = /^SASL: .*client password must be a (non-empty )?string/.test(msg);
  return new DbError(text, /^[0-9A-Z]{5}$/.test(code) ? code : undefined, noPassword ? 'auth' : undefined);
}

function sslFromMode(mode: string | undefined): PoolConfig['ssl'] | undefined {
  switch (mode) {
    case undefined:
    case '':
      return undefined;
    case 'disable':
      return false;
    case 'prefer':
    case 'allow':
      // node-postgres cannot fall back; prefer behaves as no SSL unless the URL asks for it.
      return undefined;
    case 'require':
      // libpq's "require" encrypts without verifying the certificate.
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // The certificate chain is checked, the host name is not (libpq's verify-ca).
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      throw new UserError(`unknown sslmode '${mode}' (use disable, prefer, require, verify-ca or verify-full)`, 'config');
  }
}

export class PgDb implements Db {
  readonly kind = 'pg' as const;
  readonly label: string;
  readonly readOnly: boolean;
  /** The connection string as read (host, port, database, user…). */
  readonly params: ConnParams;
  private readonly pool: Pool;
  /** What every connection of this Db is opened with (the pool's and the cancel connection's). */
  private readonly clientConfig: ClientConfig;
  private readonly verified = new WeakSet<PoolClient>();
  private readonly active = new Set<PoolClient>();
  /** Clients with our 'error' listener, and the error that ended each one's connection. */
  private readonly listening = new WeakSet<PoolClient>();
  private readonly lost = new WeakMap<PoolClient, unknown>();
  /** Connections a cancel was sent to: never back into the pool, where a late cancel could hit the next query. */
  private readonly cancelTargets = new WeakSet<PoolClient>();
  private warned = false;
  private closed = false;

  constructor(private readonly options: PgDbOptions) {
    this.params = parseConn(options.url);
    const id = connIdentity(this.params);
    this.label = `${id.host}:${id.port}/${id.database}`;
    this.readOnly = options.readOnly;
    const statementTimeout = options.statementTimeoutMs ?? 30_000;
    if (!Number.isInteger(statementTimeout) || statementTimeout < 0) {
      throw new UserError(`statement timeout: expected a whole number of milliseconds (0 = none), got '${String(statementTimeout)}'`);
    }
    const startup = [
      options.readOnly ? '-c default_transaction_read_only=on' : '',
      `-c statement_timeout=${statementTimeout}`,
      '-c idle_in_transaction_session_timeout=300000',
    ]
      .filter(Boolean)
      .join(' ');
    const p = this.params;
    const ssl = sslFromMode(sslModeOf(options.sslMode, p));
    // No connectionString: node-postgres would parse it again over these fields (its
    // `options` and `sslmode` winning over ours). libpq's defaults (PG* variables, ~/.pgpass)
    // still fill what is left undefined.
    this.clientConfig = {
      host: p.host,
      port: p.port ? Number(p.port) : undefined,
      database: p.database,
      user: p.user,
      password: options.passwordProvider ?? (options.password !== undefined ? options.password : p.password),
      connectionTimeoutMillis: options.connectTimeoutMs ?? (p.connect_timeout ? Number(p.connect_timeout) * 1000 : 10_000),
      application_name: 'clearsight-rca',
      // The connection string's options first, ours last: the server keeps the last value.
      options: mergeOptions(p.options, startup),
      ssl: ssl && typeof ssl === 'object' ? { ...ssl, ...(p.ca ? { ca: p.ca } : {}), ...(p.cert ? { cert: p.cert } : {}), ...(p.key ? { key: p.key } : {}) } : false,
      types: typeParsers,
    };
    const config: PoolConfig = { ...this.clientConfig, max: options.max ?? 4, idleTimeoutMillis: 30_000 };
    this.pool = new Pool(config);
    // An idle client losing its server must not crash the process.
    this.pool.on('error', () => undefined);
  }

  private secret(): string | undefined {
    return this.options.password ?? this.params.password;
  }

  private dbError(err: unknown): UserError {
    return toDbError(err, this.label, this.secret());
  }

  private async acquire(): Promise<PoolClient> {
    if (this.closed) throw new DbError(`connection to ${this.label} is closed`);
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.dbError(err);
    }
    if (!this.listening.has(client)) {
      // A checked-out client has no listener of the pool's: a connection ended between two
      // statements (pg_terminate_backend, a network drop) would be an unhandled 'error'
      // event, which ends the process. Keep the cause; the next statement reports it.
      this.listening.add(client);
      client.on('error', (err) => {
        if (!this.lost.has(client)) this.lost.set(client, err);
      });
    }
    if (!this.verified.has(client)) {
      try {
        await this.verify(client);
      } catch (err) {
        client.release(true);
        throw err instanceof UserError ? err : this.dbError(err);
      }
      this.verified.add(client);
    }
    this.active.add(client);
    return client;
  }

  private release(client: PoolClient, broken = false): void {
    this.active.delete(client);
    client.release(broken || this.cancelTargets.has(client) || this.lost.has(client));
  }

  /**
   * Fail closed: a production session that is not read-only (a pooler dropping startup
   * options) is never used. The checks run inside `BEGIN READ ONLY` and name every function
   * with its schema (`pg_catalog.`), so that an object of the search_path can neither answer
   * for them nor write anything.
   */
  private async verify(client: PoolClient): Promise<void> {
    if (!this.options.readOnly) return;
    // On a refusal or an error the caller destroys the connection, open transaction and all.
    await this.run(client, 'BEGIN READ ONLY');
    const [r] = await this.run<{ ro: string }>(client, sqlText('admin/session_read_only'));
    if (r?.ro !== 'on') {
      throw new DbError(`refusing ${this.label}: the server did not make the session read-only (is a pooler dropping startup options?)`);
    }
    if (!this.warned && this.options.onWarning) {
      this.warned = true;
      const [w] = await this.run<{ can_write: boolean }>(client, sqlText('admin/role_can_write'), [
        ['fc_scenario', 'fc_scenario_run', 'fc_scenario_node_data', 'fc_scenario_node_calc', 'fc_model_node', 'fc_model'],
      ]);
      if (w?.can_write) {
        this.options.onWarning(
          `the production role on ${this.label} can write to the ClearSight tables; ClearSight RCA keeps every session read-only, but a read-only role is safer`,
        );
      }
    }
    await this.run(client, 'COMMIT');
  }

  private async run<R>(client: PoolClient | Queryable, sql: string, params?: readonly unknown[]): Promise<R[]> {
    const started = performance.now();
    try {
      const r = await (client as PoolClient).query(sql, params as unknown[] | undefined);
      const rows = (Array.isArray(r) ? r[r.length - 1] : r).rows as R[];
      this.options.onQuery?.(queryName(sql), performance.now() - started, rows?.length ?? 0);
      return rows;
    } catch (err) {
      throw this.dbError(this.lost.get(client as PoolClient) ?? err);
    }
  }

  /**
   * A statement outside a transaction: on production inside `BEGIN READ ONLY … COMMIT`, so
   * that it is read-only whichever backend a pooler gives it.
   */
  private async statement<R>(client: PoolClient, sql: string, params?: readonly unknown[]): Promise<R[]> {
    if (!this.readOnly) return this.run<R>(client, sql, params);
    await this.run(client, 'BEGIN READ ONLY');
    let rows: R[];
    try {
      rows = await this.run<R>(client, sql, params);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => this.lost.set(client, this.lost.get(client) ?? err));
      throw err;
    }
    await this.run(client, 'COMMIT');
    return rows;
  }

  private async copy(client: PoolClient, sql: string, data: string | Buffer): Promise<number> {
    const started = performance.now();
    try {
      const rows = await client.query(new CopyFromQuery(sql, data)).done;
      this.options.onQuery?.(queryName(sql), performance.now() - started, rows);
      return rows;
    } catch (err) {
      throw this.dbError(this.lost.get(client) ?? err);
    }
  }

  private async *copyOut(client: PoolClient, sql: string, maxRows: number): AsyncGenerator<Buffer> {
    const started = performance.now();
    const q = client.query(new CopyOutQuery(sql, Math.max(1, maxRows)));
    let complete = false;
    try {
      yield* q.batches();
      const rows = await q.done;
      complete = true;
      this.options.onQuery?.(queryName(sql), performance.now() - started, rows);
    } catch (err) {
      complete = true;
      throw this.dbError(this.lost.get(client) ?? err);
    } finally {
      if (!complete) {
        // The reader stopped early (an error, a cancel): drop the rest and stop the server
        // sending it, so that the connection can roll back.
        q.abandon();
        await this.cancelBackends([client]).catch(() => 0);
        await q.done.catch(() => undefined);
      }
    }
  }

  async query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const client = await this.acquire();
    if (this.readOnly) return this.readOnlyQuery<R>(client, sql, params);
    let broken = false;
    try {
      return await this.run<R>(client, sql, params);
    } catch (err) {
      broken = isConnectionError(err);
      throw err;
    } finally {
      this.release(client, broken);
    }
  }

  /**
   * Production, one statement: `BEGIN READ ONLY`, the statement, `COMMIT`. The rows go to
   * the caller as soon as they are in; the COMMIT of a read-only transaction (nothing to
   * write) completes in the background before the connection goes back to the pool, so a
   * click waits one round trip more than without the transaction, not two.
   */
  private async readOnlyQuery<R>(client: PoolClient, sql: string, params?: readonly unknown[]): Promise<R[]> {
    let rows: R[];
    try {
      await this.run(client, 'BEGIN READ ONLY');
      rows = await this.run<R>(client, sql, params);
    } catch (err) {
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      this.release(client, !rolledBack || isConnectionError(err));
      throw err;
    }
    this.run(client, 'COMMIT').then(
      () => this.release(client),
      () => this.release(client, true),
    );
    return rows;
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.session((s) => s.transaction(fn, options));
  }

  async session<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    let broken = false;
    const q: Tx = {
      query: <R = Row>(sql: string, params?: readonly unknown[]) => this.run<R>(client, sql, params),
      exec: async (sql: string) => {
        await this.run(client, sql);
      },
      copyFrom: (sql: string, data: string | Buffer) => this.copy(client, sql, data),
      copyOut: (sql: string, maxRows: number) => this.copyOut(client, sql, maxRows),
    };
    const session: Session = {
      query: <R = Row>(sql: string, params?: readonly unknown[]) => this.statement<R>(client, sql, params),
      transaction: async <U>(inner: (tx: Tx) => Promise<U>, options?: TransactionOptions): Promise<U> => {
        // Production: every transaction READ ONLY, whatever the caller asked.
        const readOnly = options?.readOnly || this.readOnly;
        const mode = [options?.isolation ? `ISOLATION LEVEL ${options.isolation.toUpperCase()}` : '', readOnly ? 'READ ONLY' : '']
          .filter(Boolean)
          .join(' ');
        await this.run(client, `BEGIN ${mode}`);
        try {
          const result = await inner(q);
          await this.run(client, 'COMMIT');
          return result;
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          throw err;
        }
      },
    };
    try {
      return await fn(session);
    } catch (err) {
      broken = broken || isConnectionError(err);
      throw err;
    } finally {
      this.release(client, broken);
    }
  }

  async cancelRunning(): Promise<number> {
    return this.cancelBackends([...this.active]);
  }

  private async cancelBackends(clients: readonly PoolClient[]): Promise<number> {
    for (const c of clients) this.cancelTargets.add(c);
    const pids = clients.map((c) => (c as unknown as { processID?: number }).processID).filter((p): p is number => !!p);
    if (pids.length === 0) return 0;
    // A second connection, outside the pool, so that a full pool cannot block the cancel.
    const client = new Client({ ...this.clientConfig, application_name: 'clearsight-rca-cancel' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const r = await client.query<{ n: number }>(sqlText('admin/cancel_backends'), [pids]);
      return Number(r.rows[0]?.n ?? 0);
    } catch (err) {
      throw this.dbError(err);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }
}

function isConnectionError(err: unknown): boolean {
  return err instanceof DbError && /cannot connect|was closed/.test(err.message);
}

/** The name of a query for logs: a leading `-- name: x` comment, else the first words. */
export function queryName(sql: string): string {
  const m = /--\s*name:\s*([\w.-]+)/.exec(sql);
  if (m) return m[1];
  return sql.replace(/\s+/g, ' ').trim().slice(0, 40);
}
