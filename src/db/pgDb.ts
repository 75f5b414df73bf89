import { Pool, types as pgTypes, type PoolClient, type PoolConfig } from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { pgTimestampToIso } from '../core/time';
import { CopyFromQuery, CopyOutQuery } from './pgCopy';
import { sqlText } from './sqlFiles';
import { DbError, UserError, type Db, type Queryable, type Row, type Session, type TransactionOptions, type Tx } from './db';

export interface PgDbOptions {
  /** libpq-style URL; PG* environment variables and ~/.pgpass fill what it leaves out. */
  url: string;
  /** Every session read-only in PostgreSQL itself (production). */
  readOnly: boolean;
  /** statement_timeout in ms (0 = none). Default 30,000. */
  statementTimeoutMs?: number;
  /** Connect timeout in ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** Password from SecretStorage or a prompt; overrides the URL's. */
  password?: string;
  /** A password per new connection instead (RDS IAM tokens, src/db/rdsIam.ts). */
  passwordProvider?: () => Promise<string>;
  /** sslmode override (disable, prefer, require, verify-ca, verify-full). */
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
        return (v: string) => new Date(v).toISOString();
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
  try {
    const c = parseConnectionString(url);
    const host = c.host || process.env.PGHOST || 'localhost';
    const port = c.port || process.env.PGPORT || '5432';
    const db = c.database || process.env.PGDATABASE || c.user || process.env.PGUSER || '';
    return `${host}:${port}/${db}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** Removes any password from a text (URLs in error messages). */
export function redact(text: string, password?: string): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
  if (password) out = out.split(password).join('***');
  return out;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

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
  } else if (/Connection terminated/i.test(msg)) {
    text = `connection to ${label} was closed: ${msg}`;
  } else {
    text = `database error on ${label}: ${msg}${code ? ` [${code}]` : ''}`;
  }
  return new DbError(text);
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
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      throw new UserError(`unknown sslmode '${mode}' (use disable, prefer, require, verify-ca or verify-full)`);
  }
}

export class PgDb implements Db {
  readonly kind = 'pg' as const;
  readonly label: string;
  readonly readOnly: boolean;
  private readonly pool: Pool;
  private readonly verified = new WeakSet<PoolClient>();
  private readonly active = new Set<PoolClient>();
  /** Connections a cancel was sent to: never back into the pool, where a late cancel could hit the next query. */
  private readonly cancelTargets = new WeakSet<PoolClient>();
  private warned = false;
  private closed = false;

  constructor(private readonly options: PgDbOptions) {
    this.label = describeUrl(options.url);
    this.readOnly = options.readOnly;
    const statementTimeout = options.statementTimeoutMs ?? 30_000;
    let parsed: ReturnType<typeof parseConnectionString>;
    try {
      parsed = parseConnectionString(options.url);
    } catch {
      throw new UserError(`not a valid PostgreSQL URL: ${redact(options.url)}`);
    }
    const startup = [
      options.readOnly ? '-c default_transaction_read_only=on' : '',
      `-c statement_timeout=${Math.max(0, Math.floor(statementTimeout))}`,
      '-c idle_in_transaction_session_timeout=300000',
    ]
      .filter(Boolean)
      .join(' ');
    const sslMode = options.sslMode ?? (parsed as { sslmode?: string }).sslmode;
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.max ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
      application_name: 'clearsight-rca',
      options: [parsed.options, startup].filter(Boolean).join(' '),
      types: typeParsers,
    };
    if (options.password !== undefined) config.password = options.password;
    if (options.passwordProvider) config.password = options.passwordProvider;
    const ssl = sslFromMode(sslMode ?? undefined);
    if (ssl !== undefined) config.ssl = ssl;
    this.pool = new Pool(config);
    // An idle client losing its server must not crash the process.
    this.pool.on('error', () => undefined);
  }

  private async acquire(): Promise<PoolClient> {
    if (this.closed) throw new DbError(`connection to ${this.label} is closed`);
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw toDbError(err, this.label, this.options.password);
    }
    if (!this.verified.has(client)) {
      try {
        await this.verify(client);
      } catch (err) {
        client.release(true);
        throw err instanceof UserError ? err : toDbError(err, this.label, this.options.password);
      }
      this.verified.add(client);
    }
    this.active.add(client);
    return client;
  }

  private release(client: PoolClient, broken = false): void {
    this.active.delete(client);
    client.release(broken || this.cancelTargets.has(client));
  }

  /** Fail closed: a production session that is not read-only (a pooler dropping startup options) is never used. */
  private async verify(client: PoolClient): Promise<void> {
    if (!this.options.readOnly) return;
    const r = await client.query<{ ro: string }>(sqlText('admin/session_read_only'));
    if (r.rows[0]?.ro !== 'on') {
      throw new DbError(`refusing ${this.label}: the server did not make the session read-only (is a pooler dropping startup options?)`);
    }
    if (!this.warned && this.options.onWarning) {
      this.warned = true;
      const w = await client.query<{ can_write: boolean }>(
        sqlText('admin/role_can_write'),
        [['fc_scenario', 'fc_scenario_run', 'fc_scenario_node_data', 'fc_scenario_node_calc', 'fc_model_node', 'fc_model']],
      );
      if (w.rows[0]?.can_write) {
        this.options.onWarning(
          `the production role on ${this.label} can write to the ClearSight tables; ClearSight RCA keeps every session read-only, but a read-only role is safer`,
        );
      }
    }
  }

  private async run<R>(client: PoolClient | Queryable, sql: string, params?: readonly unknown[]): Promise<R[]> {
    const started = performance.now();
    try {
      const r = await (client as PoolClient).query(sql, params as unknown[] | undefined);
      const rows = (Array.isArray(r) ? r[r.length - 1] : r).rows as R[];
      this.options.onQuery?.(queryName(sql), performance.now() - started, rows?.length ?? 0);
      return rows;
    } catch (err) {
      throw toDbError(err, this.label, this.options.password);
    }
  }

  private async copy(client: PoolClient, sql: string, data: string | Buffer): Promise<number> {
    const started = performance.now();
    try {
      const rows = await client.query(new CopyFromQuery(sql, data)).done;
      this.options.onQuery?.(queryName(sql), performance.now() - started, rows);
      return rows;
    } catch (err) {
      throw toDbError(err, this.label, this.options.password);
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
      throw toDbError(err, this.label, this.options.password);
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
      query: q.query,
      transaction: async <U>(inner: (tx: Tx) => Promise<U>, options?: TransactionOptions): Promise<U> => {
        const mode = [options?.isolation ? `ISOLATION LEVEL ${options.isolation.toUpperCase()}` : '', options?.readOnly ? 'READ ONLY' : '']
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
    const { Client } = await import('pg');
    const client = new Client({
      connectionString: this.options.url,
      password: this.options.passwordProvider ?? this.options.password,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 10_000,
      application_name: 'clearsight-rca-cancel',
      ssl: sslFromMode(this.options.sslMode),
      types: typeParsers,
    });
    try {
      await client.connect();
      const r = await client.query<{ n: number }>(sqlText('admin/cancel_backends'), [pids]);
      return Number(r.rows[0]?.n ?? 0);
    } catch (err) {
      throw toDbError(err, this.label, this.options.password);
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
