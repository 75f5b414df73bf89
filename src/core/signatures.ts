import { failureCategory } from './errorCategory';
import { compareIso } from './time';
import type { ErrorSignature, Iso, Uuid } from './types';
import { UUID_SOURCE } from './ids';

export const MAX_SIGNATURE_LENGTH = 300;

const UUID = new RegExp(UUID_SOURCE, 'gi');
/** ISO 8601 / PostgreSQL timestamps and plain dates, with optional fraction and zone. */
const TIMESTAMP =
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?(?:Z|UTC|[+-]\d{2}(?::?\d{2})?))?)?(?![\w])/g;
/**
 * Quoted values. The opening quote must not follow a word character and the closing quote
 * must not be followed by one, so apostrophes in words (can't, node's) are left alone.
 * Doubled quotes (SQL style 'O''Brien') and backslash escapes stay inside the value.
 */
const SINGLE_QUOTED = /(?<![\w'])'(?:[^'\\\n]|\\.|'')*'(?![\w'])/g;
const DOUBLE_QUOTED = /(?<![\w"])"(?:[^"\\\n]|\\.|"")*"(?![\w"])/g;
/** 0x-prefixed hex, or a standalone hex token of 8+ chars holding at least one digit and one letter. */
const HEX = /\b(?:0x[0-9a-f]+|(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,})\b/gi;
/**
 * Numbers: optional sign, integer/decimal (also 1.2.3 and .5), exponent, percent sign.
 * Not when glued to the end of an identifier (node2, v1, int4, utf-8, run_42 keep their
 * digits: they name things), but a unit right after the number is fine (30s, 12ms, 1.5GB
 * → <n>s, <n>ms, <n>GB). A sign counts only when it does not follow a word character
 * (a-5 is not negative five).
 */
const NUMBER =
  /(?<![\w.])(?<![A-Za-z_]-)(?:[-+](?=\.?\d))?(?:\d+(?:\.\d+)*|\.\d+)(?:e[-+]?\d+)?(?:\s?%)?(?=[A-Za-z]*(?![\w]))/gi;

/**
 * Normalises a fail_reason so texts that differ only in ids, numbers and quoted values
 * group together: UUIDs → `<uuid>`, timestamps/dates → `<ts>`, quoted strings → `'<s>'`,
 * hex ids → `<hex>`, numbers → `<n>`; whitespace collapsed, trimmed, at most 300 chars.
 */
export function failSignature(text: string): string {
  const s = text
    .replace(UUID, '<uuid>')
    .replace(TIMESTAMP, '<ts>')
    .replace(SINGLE_QUOTED, "'<s>'")
    .replace(DOUBLE_QUOTED, "'<s>'")
    .replace(HEX, '<hex>')
    .replace(NUMBER, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length <= MAX_SIGNATURE_LENGTH) return s;
  return Array.from(s).slice(0, MAX_SIGNATURE_LENGTH).join('');
}

export interface FailReasonRow {
  run_id: Uuid;
  scenario_id: Uuid;
  model_name: string;
  fail_reason: string | null;
  at: Iso;
  /** failed / timeout (a timed-out run's category is timeout); absent = failed. */
  run_status?: string | null;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Groups fail reasons by signature. Null/blank reasons are skipped. Per group: count of rows,
 * distinct sorted scenario/run ids and model names, first/last `at`, and as example the
 * text of the most recent row (ties: the greater run_id). Ordered by count desc, then
 * signature.
 */
export function groupSignatures(rows: FailReasonRow[]): ErrorSignature[] {
  interface Acc {
    signature: string;
    count: number;
    scenarios: Set<string>;
    runs: Set<string>;
    models: Set<string>;
    first: Iso;
    last: Iso;
    latest: FailReasonRow;
  }
  const groups = new Map<string, Acc>();
  for (const row of rows) {
    if (row.fail_reason === null || row.fail_reason.trim() === '') continue;
    const sig = failSignature(row.fail_reason);
    let g = groups.get(sig);
    if (!g) {
      g = {
        signature: sig,
        count: 0,
        scenarios: new Set(),
        runs: new Set(),
        models: new Set(),
        first: row.at,
        last: row.at,
        latest: row,
      };
      groups.set(sig, g);
    }
    g.count++;
    g.scenarios.add(row.scenario_id);
    g.runs.add(row.run_id);
    g.models.add(row.model_name);
    if (compareIso(row.at, g.first) < 0) g.first = row.at;
    if (compareIso(row.at, g.last) > 0) g.last = row.at;
    const c = compareIso(row.at, g.latest.at) || cmpStr(row.run_id, g.latest.run_id);
    if (c > 0) g.latest = row;
  }
  return [...groups.values()]
    .map(
      (g): ErrorSignature => ({
        signature: g.signature,
        example: g.latest.fail_reason ?? '',
        count: g.count,
        scenario_ids: [...g.scenarios].sort(cmpStr),
        run_ids: [...g.runs].sort(cmpStr),
        model_names: [...g.models].sort(cmpStr),
        first_seen: g.first,
        last_seen: g.last,
        category: failureCategory(g.latest.run_status ?? 'failed', g.latest.fail_reason) ?? 'other',
      }),
    )
    .sort((a, b) => b.count - a.count || cmpStr(a.signature, b.signature));
}
