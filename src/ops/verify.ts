/**
 * Reconciliation (`etl --verify`): for each table the ETL copies, production against the
 * reporting schema over a window: row counts and an order-independent checksum of the
 * copied columns, per key bucket (256 buckets: the key's first two hex digits), then,
 * only in buckets that differ, row hashes by key to name the first differing keys.
 * Each table is read once on each side (sql/verify/*), production on its read-only
 * connection. The window ends at the reporting watermark (rows production gained after
 * the last load are not differences yet). After a retention it starts, for the facts it
 * prunes (runs, saves, calcs), no earlier than its cutoff (sql/verify/retained_from.sql):
 * pruned facts are not missing ones.
 */
import { privacyMode, userMapper, type PrivacyOptions } from '../core/privacy';
import { compareIso, isoToPgTimestamp, parseIsoArg } from '../core/time';
import type { Iso } from '../core/types';
import { UserError } from '../core/errors';
import type { Db } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { reportingVersion } from '../etl/migrate';

/** `pruned`: the retention removes its old rows (src/etl/retention.ts), so its window starts at the cutoff. */
export const VERIFIED_TABLES = [
  { name: 'scenarios', source: 'fc_scenario', reporting: 'dim_scenario', pruned: false },
  { name: 'runs', source: 'fc_scenario_run', reporting: 'dim_run', pruned: true },
  { name: 'saves', source: 'fc_scenario_node_data', reporting: 'fact_input_changes', pruned: true },
  { name: 'calcs', source: 'fc_scenario_node_calc', reporting: 'fact_node_calculations', pruned: true },
  { name: 'nodes', source: 'fc_model_node', reporting: 'dim_node', pruned: false },
] as const;

export interface TableVerification {
  source_table: string;
  reporting_table: string;
  /** Where this table's window starts (null = the beginning): --since, or the retention cutoff when later. */
  since: Iso | null;
  source_rows: number;
  reporting_rows: number;
  source_checksum: string;
  reporting_checksum: string;
  match: boolean;
  /** The first differing keys (at most `keyLimit` in all), by key. */
  missing_in_reporting: string[];
  extra_in_reporting: string[];
  different: string[];
}

export interface Verification {
  ok: boolean;
  since: Iso | null;
  until: Iso | null;
  /** The reporting schema keeps runs, saves and calcs from this time on (the last retention's cutoff; null = all). */
  retained_from: Iso | null;
  tables: TableVerification[];
  duration_ms: number;
}

interface Bucket {
  bucket: string;
  n: number;
  checksum: string;
}

/** Exact sum of decimal strings (checksums exceed 2^53). */
function addDecimal(a: string, b: string): string {
  return (BigInt(a) + BigInt(b)).toString();
}

async function buckets(db: Db, name: string, side: 'source' | 'reporting', window: unknown[], extra: unknown[] = []): Promise<Map<string, Bucket>> {
  const rows = await db.query<Bucket>(sqlText(`verify/${name}_${side}_buckets`), [...window, ...extra]);
  return new Map(rows.map((r) => [r.bucket, { bucket: r.bucket, n: Number(r.n), checksum: String(r.checksum) }]));
}

async function keyHashes(db: Db, name: string, side: 'source' | 'reporting', window: unknown[], which: string[], extra: unknown[] = []): Promise<Map<string, string>> {
  const rows = await db.query<{ key: string; hash: string }>(sqlText(`verify/${name}_${side}_keys`), [...window, which, ...extra]);
  return new Map(rows.map((r) => [r.key, r.hash]));
}

export interface VerifyOptions {
  source: Db;
  reporting: Db;
  since?: string;
  /** Differing keys listed per table (default 10). */
  keyLimit?: number;
  signal?: AbortSignal;
  /** The key of a copy loaded with pseudonymised users (the one the ETL used). */
  privacy?: PrivacyOptions;
}

/**
 * What the source side of a table needs to compare with a private copy (as the reporting
 * schema records it): user ids mapped to their pseudonyms, input values left out.
 */
async function privateSourceParams(options: VerifyOptions): Promise<Record<string, unknown[]>> {
  const stored = new Map((await options.reporting.query<{ name: string; value: string }>(sqlText('etl/privacy_read'))).map((r) => [r.name, r.value]));
  const users = stored.get('privacy_users') ?? 'raw';
  const withheld = stored.get('privacy_input_values') === 'withheld';
  let map: string | null = null;
  if (users !== 'raw') {
    const key = options.privacy?.pseudonymKey;
    if (!key) throw new UserError('the reporting copy holds pseudonymised user ids: --verify needs the same pseudonym key (CLEARSIGHT_PSEUDONYM_KEY or --pseudonym-key-file)');
    if (privacyMode({ pseudonymKey: key }).users !== users) throw new UserError('the pseudonym key given is not the one the reporting copy was loaded with (its fingerprint differs)');
    const pseudonym = userMapper(key);
    const ids = await options.source.query<{ user_id: string }>(sqlText('verify/source_users'));
    map = JSON.stringify(Object.fromEntries(ids.map((r) => [r.user_id, pseudonym(r.user_id)])));
  }
  return { scenarios: [map], runs: [map], saves: [map, withheld], calcs: [], nodes: [] };
}

export async function verifyReporting(options: VerifyOptions): Promise<Verification> {
  const started = performance.now();
  let since: Iso | null = null;
  if (options.since !== undefined) {
    since = parseIsoArg(options.since);
    if (!since) throw new UserError(`--since: not an ISO date/time: '${options.since}'`);
  }
  if ((await reportingVersion(options.reporting)).current === 0) throw new UserError(`no reporting schema on ${options.reporting.label}: run the ETL first`);
  const [state] = await options.reporting.query<{ watermark: Iso | null }>(sqlText('etl/state_read'));
  const until = state?.watermark ?? null;
  const [kept] = await options.reporting.query<{ retained_from: Iso | null }>(sqlText('verify/retained_from'));
  const retainedFrom = kept?.retained_from ?? null;
  const limit = Math.max(1, options.keyLimit ?? 10);
  const sourceParams = await privateSourceParams(options);
  const tables: TableVerification[] = [];
  for (const t of VERIFIED_TABLES) {
    if (options.signal?.aborted) throw new UserError('verification cancelled');
    const from = t.pruned && retainedFrom !== null && (since === null || compareIso(retainedFrom, since) > 0) ? retainedFrom : since;
    const window = [from ? isoToPgTimestamp(from) : null, until ? isoToPgTimestamp(until) : null];
    const [src, rep] = await Promise.all([buckets(options.source, t.name, 'source', window, sourceParams[t.name]), buckets(options.reporting, t.name, 'reporting', window)]);
    const total = (m: Map<string, Bucket>): { n: number; checksum: string } =>
      [...m.values()].reduce((acc, b) => ({ n: acc.n + b.n, checksum: addDecimal(acc.checksum, b.checksum) }), { n: 0, checksum: '0' });
    const s = total(src);
    const r = total(rep);
    const differing = [...new Set([...src.keys(), ...rep.keys()])]
      .filter((b) => src.get(b)?.n !== rep.get(b)?.n || src.get(b)?.checksum !== rep.get(b)?.checksum)
      .sort();
    const result: TableVerification = {
      source_table: t.source,
      reporting_table: t.reporting,
      since: from,
      source_rows: s.n,
      reporting_rows: r.n,
      source_checksum: s.checksum,
      reporting_checksum: r.checksum,
      match: differing.length === 0,
      missing_in_reporting: [],
      extra_in_reporting: [],
      different: [],
    };
    // Differing keys, first buckets first, until `limit` are named.
    for (let i = 0; i < differing.length; ) {
      const which = differing.slice(i, i + 8);
      i += which.length;
      const [sk, rk] = await Promise.all([keyHashes(options.source, t.name, 'source', window, which, sourceParams[t.name]), keyHashes(options.reporting, t.name, 'reporting', window, which)]);
      for (const key of [...new Set([...sk.keys(), ...rk.keys()])].sort()) {
        const named = result.missing_in_reporting.length + result.extra_in_reporting.length + result.different.length;
        if (named >= limit) break;
        if (!rk.has(key)) result.missing_in_reporting.push(key);
        else if (!sk.has(key)) result.extra_in_reporting.push(key);
        else if (sk.get(key) !== rk.get(key)) result.different.push(key);
      }
      if (result.missing_in_reporting.length + result.extra_in_reporting.length + result.different.length >= limit) break;
    }
    tables.push(result);
  }
  return { ok: tables.every((t) => t.match), since, until, retained_from: retainedFrom, tables, duration_ms: Math.round(performance.now() - started) };
}

/** What `etl --verify` prints: the verdict and the window it checked, then a line per table and its differing keys. */
export function verificationText(v: Verification): string {
  const window = v.since || v.until ? ` (window ${v.since ?? '…'} to ${v.until ?? '…'})` : '';
  const lines = [`verify: ${v.ok ? 'reporting matches production' : 'DIFFERENCES'}${window}`];
  if (v.retained_from) {
    const pruned = VERIFIED_TABLES.filter((t) => t.pruned).map((t) => t.name);
    lines.push(`  ${pruned.slice(0, -1).join(', ')} and ${pruned[pruned.length - 1]} from ${v.retained_from}: retention keeps no older facts in the reporting schema`);
  }
  for (const t of v.tables) {
    const from = t.since !== v.since ? ` (from ${t.since})` : '';
    lines.push(`  ${t.match ? 'ok  ' : 'DIFF'} ${t.reporting_table}: ${t.reporting_rows} rows, ${t.source_table}: ${t.source_rows} rows${from}`);
    for (const k of t.missing_in_reporting) lines.push(`       missing in reporting: ${k}`);
    for (const k of t.extra_in_reporting) lines.push(`       not in production: ${k}`);
    for (const k of t.different) lines.push(`       different: ${k}`);
  }
  return lines.join('\n');
}

/** One line per table, for people and for `serve`'s alert. */
export function verificationSummary(v: Verification): string {
  const bad = v.tables.filter((t) => !t.match);
  if (bad.length === 0) return `reporting matches production (${v.tables.map((t) => `${t.reporting_table} ${t.reporting_rows}`).join(', ')})`;
  return bad
    .map((t) => {
      const keys = [
        ...t.missing_in_reporting.map((k) => `missing ${k}`),
        ...t.extra_in_reporting.map((k) => `extra ${k}`),
        ...t.different.map((k) => `different ${k}`),
      ];
      return `${t.reporting_table}: ${t.reporting_rows} rows vs ${t.source_rows} in ${t.source_table}${keys.length ? ` (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''})` : ''}`;
    })
    .join('; ');
}
