/**
 * Connection strings, read once and the same way everywhere (CLI, extension, ETL):
 * libpq URLs (`postgres://`, `postgresql://`, `pg://`, a socket path) and libpq
 * key=value strings (`host=db port=5432 dbname=forecast user=rca password='a b'`).
 *
 * node-postgres never sees the string itself (its `connectionString` is parsed again over
 * the config and would win over our startup parameters): PgDb builds the config from these
 * fields, so our `options` come last and the sslmode precedence is ours (see `sslModeOf`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseUrl } from 'pg-connection-string';
import { redact } from '../core/redact';
import { UserError } from '../core/errors';

export interface ConnParams {
  form: 'url' | 'keyvalue';
  host?: string;
  port?: string;
  database?: string;
  user?: string;
  password?: string;
  sslmode?: string;
  /** Startup `options` (`-c name=value …`). */
  options?: string;
  application_name?: string;
  /** Seconds (libpq `connect_timeout`). */
  connect_timeout?: string;
  /** Contents of sslrootcert / sslcert / sslkey. */
  ca?: string;
  cert?: string;
  key?: string;
}

/** The libpq keywords a key=value string may hold (others are refused, as libpq does). */
const KEYWORDS = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'sslmode',
  'options',
  'application_name',
  'connect_timeout',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'target_session_attrs',
  'client_encoding',
  'fallback_application_name',
  'keepalives',
  'gssencmode',
  'channel_binding',
]);

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function bad(text: string, why: string): UserError {
  return new UserError(`not a valid PostgreSQL connection string (${why}): ${redact(text)}`, 'config');
}

function readPem(path: string | undefined, text: string): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw bad(text, `cannot read ${path}`);
  }
}

/** libpq key=value syntax: `key = value`, values bare or single-quoted, `\` escapes. */
export function parseKeyValue(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  for (;;) {
    ws();
    if (i >= n) break;
    const start = i;
    while (i < n && /[A-Za-z0-9_]/.test(text[i])) i++;
    const key = text.slice(start, i).toLowerCase();
    ws();
    if (!key || text[i] !== '=') throw bad(text, `expected key=value at character ${start + 1}`);
    i++;
    ws();
    let value = '';
    if (text[i] === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i++];
        if (c === '\\' && i < n) value += text[i++];
        else if (c === "'") {
          closed = true;
          break;
        } else value += c;
      }
      if (!closed) throw bad(text, 'unterminated quoted value');
    } else {
      while (i < n && !/\s/.test(text[i])) {
        const c = text[i++];
        value += c === '\\' && i < n ? text[i++] : c;
      }
    }
    if (!KEYWORDS.has(key)) throw bad(text, `unknown keyword '${key.slice(0, 40)}'`);
    out[key] = value;
  }
  return out;
}

/** Reads a URL or key=value connection string; UserError (exit 1) when it is neither. */
export function parseConn(text: string): ConnParams {
  const t = text.trim();
  if (t === '') throw new UserError('empty connection string', 'config');
  if (URL_SCHEME.test(t) || t.startsWith('/') || t.startsWith('socket:')) {
    if (URL_SCHEME.test(t) && !/^(postgres|postgresql|pg|socket):\/\//i.test(t)) throw bad(t, 'expected postgres:// or postgresql://');
    let c: ReturnType<typeof parseUrl>;
    try {
      // libpq's sslmode meanings (and no process warning about node-postgres' own).
      c = /[?&]uselibpqcompat=/i.test(t) ? parseUrl(t) : parseUrl(t, { useLibpqCompat: true });
    } catch (err) {
      throw bad(t, /verify-ca/.test(String((err as Error)?.message)) ? 'sslmode=verify-ca needs sslrootcert' : 'unparseable URL');
    }
    const get = (k: string): string | undefined => {
      const v = (c as Record<string, unknown>)[k];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const ssl = typeof c.ssl === 'object' && c.ssl ? (c.ssl as { ca?: string; cert?: string; key?: string }) : {};
    return {
      form: 'url',
      host: get('host'),
      port: get('port'),
      database: get('database'),
      user: get('user'),
      password: get('password'),
      sslmode: get('sslmode'),
      options: get('options'),
      application_name: get('application_name'),
      connect_timeout: get('connect_timeout'),
      ca: ssl.ca,
      cert: ssl.cert,
      key: ssl.key,
    };
  }
  if (!t.includes('=')) throw bad(t, 'expected a postgres:// URL or key=value pairs');
  const kv = parseKeyValue(t);
  const v = (k: string): string | undefined => (kv[k] === undefined || kv[k] === '' ? undefined : kv[k]);
  return {
    form: 'keyvalue',
    host: v('host') ?? v('hostaddr'),
    port: v('port'),
    database: v('dbname'),
    user: v('user'),
    password: kv.password,
    sslmode: v('sslmode'),
    options: v('options'),
    application_name: v('application_name'),
    connect_timeout: v('connect_timeout'),
    ca: readPem(v('sslrootcert'), t),
    cert: readPem(v('sslcert'), t),
    key: readPem(v('sslkey'), t),
  };
}

/** Where a connection goes, with libpq's defaults (PG* variables) filled in. */
export interface ConnIdentity {
  host: string;
  port: string;
  database: string;
  user: string;
}

export function connIdentity(p: ConnParams, env: NodeJS.ProcessEnv = process.env): ConnIdentity {
  const user = p.user || env.PGUSER || env.USER || env.USERNAME || '';
  return {
    host: (p.host || env.PGHOST || 'localhost').toLowerCase(),
    port: String(p.port || env.PGPORT || '5432'),
    database: p.database || env.PGDATABASE || user,
    user,
  };
}

/** `host:port/db` for messages and the status bar; never a password. */
export function describeConn(text: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    const id = connIdentity(parseConn(text), env);
    return `${id.host}:${id.port}/${id.database}`;
  } catch {
    return '(unparseable connection string)';
  }
}

/** The same machine, whichever way it is written (loopback names, local sockets). */
function serverKey(id: ConnIdentity): string {
  const h = id.host.replace(/^\[|\]$/g, '');
  const local = h === 'localhost' || h === '127.0.0.1' || h === '::1' || h.startsWith('/');
  return `${local ? 'local' : h}:${id.port}`;
}

/** Whether two connection strings name the same server and database (item: reporting ≠ production). */
export function sameDatabase(a: ConnParams, b: ConnParams, env: NodeJS.ProcessEnv = process.env): boolean {
  const x = connIdentity(a, env);
  const y = connIdentity(b, env);
  return serverKey(x) === serverKey(y) && x.database === y.database;
}

/** The refusal of a reporting connection that is production itself (before anything is created). */
export function refuseSameDatabase(prod: ConnParams, reporting: ConnParams, env: NodeJS.ProcessEnv = process.env): void {
  if (!sameDatabase(prod, reporting, env)) return;
  const id = connIdentity(prod, env);
  throw new UserError(
    `the reporting connection names the production database itself (${id.host}:${id.port}/${id.database}): the reporting schema must live in another database, production is never written to`,
    'config',
  );
}

/**
 * The sslmode in force: the explicit setting (`clearsight.sslMode`), else the connection
 * string's `sslmode`, else PGSSLMODE, else none ('' = node-postgres' default: no SSL).
 */
export function sslModeOf(setting: string | undefined, p: ConnParams, env: NodeJS.ProcessEnv = process.env): string {
  return setting || p.sslmode || env.PGSSLMODE || '';
}

/** The startup `options`: the connection string's first, ours last (the server keeps the last value of a setting). */
export function mergeOptions(theirs: string | undefined, ours: string): string {
  return [theirs?.trim(), ours.trim()].filter(Boolean).join(' ');
}

/**
 * A connection string without its password (passwords belong in SecretStorage, not in
 * settings), and the password it held: URL userinfo, `?password=`, or a key=value pair.
 */
export function withoutPassword(text: string): { url: string; password?: string } {
  const t = text.trim();
  if (t === '') return { url: t };
  if (URL_SCHEME.test(t)) {
    try {
      const u = new URL(t);
      let password: string | undefined;
      if (u.password) {
        password = decodeURIComponent(u.password);
        u.password = '';
      }
      for (const k of [...u.searchParams.keys()]) {
        if (k.toLowerCase() === 'password') {
          password ??= u.searchParams.get(k) ?? undefined;
          u.searchParams.delete(k);
        }
      }
      return password === undefined ? { url: t } : { url: u.toString(), password };
    } catch {
      return { url: t };
    }
  }
  try {
    const kv = parseKeyValue(t);
    if (kv.password === undefined) return { url: t };
    const rest = t.replace(/(^|\s)password\s*=\s*(?:'(?:[^'\\]|\\.)*'|(?:[^\s\\]|\\.)*)/i, '$1').replace(/\s+/g, ' ').trim();
    return { url: rest, password: kv.password };
  } catch {
    return { url: t };
  }
}
