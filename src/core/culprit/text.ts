/**
 * Text matching for "the failure names it": fail reasons against node display names, JSON
 * keys and new values. Pure.
 *
 * Both sides are reduced to word tokens: camelCase split into words, Unicode NFKD, diacritics
 * dropped, lower case, and every run of characters that is not a letter or digit is a
 * separator. So quotes, brackets,
 * underscores and punctuation never matter (`'Peak share'`, "peak_share", `PEAK-SHARE` all
 * read `peak share`, and so does `peakShare`), and a name matches only on whole tokens (`Share` is not found in
 * `Shareholder`). A name found only inside a longer name that also matches at the same place
 * (`Share` inside `Peak share`, when `Peak share` is a node of the model or a candidate) does
 * not count: the longest name wins.
 */

/** Names come back diff after diff: their tokens are kept (bounded). */
const TOKEN_CACHE = new Map<string, string[]>();
const TOKEN_CACHE_MAX = 20_000;

/** Word tokens of a text (see the module comment). */
export function tokens(text: string): string[] {
  const hit = TOKEN_CACHE.get(text);
  if (hit) return hit;
  // camelCase and PascalCase are words too (`peakShare`, `HTTPError` → peak share, http error).
  const split = /[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/.test(text) ? text.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2') : text;
  // ASCII needs no Unicode folding.
  const folded = /^[\x00-\x7f]*$/.test(split) ? split.toLowerCase() : split.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const out = folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
  if (text.length <= 200) {
    if (TOKEN_CACHE.size >= TOKEN_CACHE_MAX) TOKEN_CACHE.clear();
    TOKEN_CACHE.set(text, out);
  }
  return out;
}

/** Start indexes of `needle` as a contiguous token run in `hay` (`starts`: where each token of hay occurs). */
function occurrences(hay: readonly string[], starts: ReadonlyMap<string, number[]>, needle: readonly string[]): number[] {
  const out: number[] = [];
  if (needle.length === 0 || needle.length > hay.length) return out;
  outer: for (const i of starts.get(needle[0]!) ?? []) {
    if (i + needle.length > hay.length) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    out.push(i);
  }
  return out;
}

/**
 * Which of `terms` occur in `text`, longest match first: an occurrence of a term that lies
 * inside an occurrence of a longer term (more tokens) is ignored. Returns the terms (as given)
 * with at least one occurrence of their own. Terms are compared by their tokens, so two terms
 * with the same tokens both match.
 */
export function termsInText(text: string, terms: readonly string[]): Set<string> {
  const hay = tokens(text);
  const found = new Set<string>();
  if (hay.length === 0) return found;
  const starts = new Map<string, number[]>();
  hay.forEach((t, i) => {
    const list = starts.get(t);
    if (list) list.push(i);
    else starts.set(t, [i]);
  });
  const spans: Array<{ term: string; start: number; end: number }> = [];
  for (const term of new Set(terms)) {
    const t = tokens(term);
    for (const start of occurrences(hay, starts, t)) spans.push({ term, start, end: start + t.length });
  }
  for (const s of spans) {
    const covered = spans.some((o) => o.end - o.start > s.end - s.start && o.start <= s.start && o.end >= s.end);
    if (!covered) found.add(s.term);
  }
  return found;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;
/** A number not glued to a word (node2, v1 and utf-8 name things, they are not values). */
const NUMBER = /(?<![\w.])-?(?:\d+(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?(?![\w]|\.\d)/gi;

/** The numbers written in a text (ids and timestamps left out), as values: `4.50` → 4.5. */
export function numbersIn(text: string): number[] {
  const plain = text.replace(UUID, ' ').replace(TIMESTAMP, ' ');
  const out: number[] = [];
  for (const m of plain.matchAll(NUMBER)) {
    const n = Number(m[0]);
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

/** Words that name nothing in particular when they are a JSON key (`$.value` vs "invalid value"). */
export const GENERIC_KEYS = new Set([
  'value', 'values', 'data', 'name', 'names', 'type', 'id', 'ids', 'source', 'version', 'unit', 'units', 'items', 'item',
  'key', 'keys', 'list', 'rate', 'rates', 'from', 'to', 'base', 'year', 'years', 'date', 'count', 'total', 'node', 'input',
  // words of every log line and stack trace (`File "calc.py", line 148`, `level=ERROR`)
  'line', 'lines', 'file', 'files', 'module', 'error', 'errors', 'message', 'level', 'time', 'status',
]);

/** Whether a JSON key is specific enough to be matched in a fail reason. */
export function isSpecificKey(key: string): boolean {
  const t = tokens(key);
  if (t.length === 0) return false;
  if (t.length === 1 && (GENERIC_KEYS.has(t[0]) || t[0].length < 3)) return false;
  return true;
}

/**
 * Names as code and config files shorten them: without a trailing qualifier in brackets
 * (`Time on treatment` for `Time on treatment (months)`). An alias that would name two nodes,
 * or that is a generic word, is left out. Returns alias → name.
 */
export function nameAliases(names: readonly string[]): Map<string, string> {
  const full = new Set(names.map((n) => tokens(n).join(' ')));
  const byCore = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const core = name.replace(/\s*[([{][^()[\]{}]*[)\]}]\s*$/u, '').trim();
    const t = tokens(core);
    const id = t.join(' ');
    if (t.length === 0 || id === tokens(name).join(' ') || full.has(id) || !isSpecificKey(core)) continue;
    const list = byCore.get(id) ?? [];
    list.push(name);
    byCore.set(id, list);
  }
  const out = new Map<string, string>();
  for (const list of byCore.values()) {
    if (list.length !== 1) continue;
    const name = list[0]!;
    out.set(name.replace(/\s*[([{][^()[\]{}]*[)\]}]\s*$/u, '').trim(), name);
  }
  return out;
}

/** Which of `names` a text names, by name or by an alias (`nameAliases`), longest match first. */
export function namesInText(text: string, names: readonly string[], aliases: ReadonlyMap<string, string>): Set<string> {
  const found = new Set<string>();
  for (const t of termsInText(text, [...names, ...aliases.keys()])) found.add(aliases.get(t) ?? t);
  return found;
}

/**
 * A log line without the places in code a stack frame names (`File "/app/calc.py", line 148,
 * in simulate`, `at com.x.Engine.run(Engine.java:42)`): paths, files and line numbers name
 * code, not data. The frame's source text (the next line of a Python traceback) stays.
 */
export function withoutFrames(text: string): string {
  return text
    .replace(/File "[^"]*", line \d+(?:, in [\w.<>$]+)?/g, ' ')
    .replace(/\bat [\w.$<>]+\([\w.$]*(?::\d+)?\)/g, ' ');
}
