/**
 * Finding run / scenario / request ids in text: compiling the configured pattern (with a
 * fallback to the default), the id under a column, the first id of a selection.
 * No `vscode` import: unit-tested in plain mocha.
 */
import { DEFAULT_ID_PATTERN } from '../constants';
import { isUuid } from '../../core/ids';


export interface IdPattern {
  /** Global regex used to scan lines. */
  regex: RegExp;
  /** The pattern text in use (the default after a fallback). */
  source: string;
  /** Why the configured pattern was rejected (the default is used instead). */
  error?: string;
}

/**
 * Compiles `clearsight.hover.idPattern`. Empty → the default; an invalid regex or one that
 * matches the empty string → the default with `error` set (the caller warns once).
 */
export function compileIdPattern(pattern: string | undefined | null): IdPattern {
  const fallback = (error?: string): IdPattern => ({ regex: new RegExp(DEFAULT_ID_PATTERN, 'g'), source: DEFAULT_ID_PATTERN, error });
  const text = typeof pattern === 'string' ? pattern : '';
  if (text.trim() === '') return fallback();
  let regex: RegExp;
  try {
    regex = new RegExp(text, 'g');
  } catch (err) {
    return fallback(err instanceof Error ? err.message : String(err));
  }
  if (regex.test('')) return fallback('the pattern matches the empty string');
  regex.lastIndex = 0;
  return { regex, source: text };
}

export interface IdHit {
  /** The id, lower-case. */
  id: string;
  /** Columns of the id in the text (end exclusive). */
  start: number;
  end: number;
}

/** Longest stretch of a line scanned around a column (minified logs can have huge lines). */
const WINDOW = 2000;

/**
 * Ids in `text`, in order. The id is the named group `id`, else the first capture group,
 * else the whole match; matches that are not UUIDs are skipped (the engine only knows
 * UUIDs). `offset` is added to the columns.
 */
export function idsIn(text: string, regex: RegExp, offset = 0): IdHit[] {
  const global = regex.flags.includes('g') ? regex : new RegExp(regex.source, `${regex.flags}g`);
  const hits: IdHit[] = [];
  for (const m of text.matchAll(global)) {
    if (m[0] === '') continue;
    const idText = m.groups?.id ?? m[1] ?? m[0];
    if (!idText || !isUuid(idText)) continue;
    const inMatch = m[0].indexOf(idText);
    const start = offset + (m.index ?? 0) + Math.max(0, inMatch);
    hits.push({ id: idText.toLowerCase(), start, end: start + idText.length });
  }
  return hits;
}

/**
 * The id at `column` of `line`: one whose span contains the column, else one ending right
 * at it (a cursor just after an id).
 */
export function idAt(line: string, column: number, regex: RegExp): IdHit | undefined {
  const from = Math.max(0, column - WINDOW);
  const hits = idsIn(line.slice(from, column + WINDOW), regex, from);
  return hits.find((h) => h.start <= column && column < h.end) ?? hits.find((h) => h.end === column);
}

/** The first id in a selection. */
export function firstId(text: string, regex: RegExp): IdHit | undefined {
  return idsIn(text, regex)[0];
}
