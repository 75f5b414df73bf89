/**
 * Power BI helpers: report URLs with query-string filters, and PBIR bookmark files
 * (`definition/bookmarks/<name>.bookmark.json` + `definition/bookmarks/bookmarks.json`).
 * Pure: the caller writes the files.
 */

export const BOOKMARK_SCHEMA =
  'https://developer.microsoft.com/json-schemas/fabric/item/report/definition/bookmark/2.1.0/schema.json';
export const BOOKMARKS_METADATA_SCHEMA =
  'https://developer.microsoft.com/json-schemas/fabric/item/report/definition/bookmarksMetadata/1.0.0/schema.json';
/** explorationState.version written by current Power BI Desktop builds. */
export const EXPLORATION_STATE_VERSION = '1.3';

export interface UrlFilter {
  table: string;
  field: string;
  value: string | number;
}

/**
 * Escapes a table or field name for a URL filter: every character other than an ASCII
 * letter, digit or underscore becomes `_xHHHH_` (UTF-16 code unit, upper-case hex), e.g.
 * space → `_x0020_`, `-` → `_x002D_`, `é` → `_x00E9_`. An underscore that would otherwise
 * read as the start of such an escape (`_x0020_` typed literally) is itself escaped as
 * `_x005F_`.
 */
export function escapeFilterName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    const code = name.charCodeAt(i);
    const looksLikeEscape = ch === '_' && /^_x[0-9A-Fa-f]{4}_/.test(name.slice(i, i + 7));
    if (/[A-Za-z0-9]/.test(ch) || (ch === '_' && !looksLikeEscape)) out += ch;
    else out += `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`;
  }
  return out;
}

/** A filter literal: strings in single quotes with `'` doubled, finite numbers as is. */
export function filterLiteral(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Power BI filter value must be a finite number, got ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** The unencoded filter expression: `Table/Field eq 'value' and Table/Other eq 3`. */
export function buildFilterExpression(filters: UrlFilter[]): string {
  return filters
    .map((f) => {
      if (f.table === '' || f.field === '') throw new Error('Power BI filter needs a table and a field name');
      return `${escapeFilterName(f.table)}/${escapeFilterName(f.field)} eq ${filterLiteral(f.value)}`;
    })
    .join(' and ');
}

/**
 * Adds `?filter=Table/Field eq 'value' and ...` to a report URL following Power BI's
 * "filter a report using query string parameters in the URL" rules. The filter is
 * percent-encoded as a whole (spaces as %20, quotes and non-ASCII as UTF-8 escapes). The
 * filter comes first and the other existing parameters (e.g. `ctid` of app links) follow;
 * an existing `filter` parameter is replaced; the fragment is kept. Only http(s) URLs are
 * accepted.
 */
export function buildReportUrl(baseUrl: string, filters: UrlFilter[]): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`Not a valid Power BI report URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Power BI report URL must use http or https, got ${url.protocol}`);
  }
  if (filters.length === 0) return url.toString();
  const expr = buildFilterExpression(filters);
  const kept = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '' && safeDecode(p.split('=')[0]!).toLowerCase() !== 'filter');
  const search = [`filter=${encodeURIComponent(expr)}`, ...kept].join('&');
  const base = url.href.split(/[?#]/)[0]!;
  return `${base}?${search}${url.hash}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------
// Bookmarks (PBIR)

export interface BookmarkFilter {
  table: string;
  field: string;
  values: string[];
}

export interface BuildBookmarkOptions {
  /** File-safe unique name (see bookmarkName); the file is `<name>.bookmark.json`. */
  name: string;
  displayName: string;
  /** Name of the report page (section) the bookmark opens. */
  reportPage: string;
  /** Categorical filters on the page, as Desktop captures them: `sections.<page>.filters.byExpr`. */
  filters: BookmarkFilter[];
}

/** FNV-1a 32-bit hash, 8 hex chars: stable short ids for names. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function stringLiteral(value: string): { Literal: { Value: string } } {
  return { Literal: { Value: `'${value.replace(/'/g, "''")}'` } };
}

/**
 * One filter container: a categorical filter `Table[Field] In ('v1', 'v2')`.
 * `expression` references the column with SourceRef Entity = table; the filter itself is
 * a semantic query (Version 2) with the table in From under an alias, as Power BI writes it.
 */
function filterContainer(f: BookmarkFilter, index: number): Record<string, unknown> {
  if (f.table === '' || f.field === '') throw new Error('Bookmark filter needs a table and a field name');
  if (f.values.length === 0) throw new Error(`Bookmark filter on ${f.table}.${f.field} has no values`);
  return {
    name: `Filter${shortHash(`${f.table}\u0000${f.field}\u0000${index}`)}`,
    type: 'Categorical',
    expression: columnRef(f.table, f.field),
    filter: inFilter(f),
    howCreated: 1,
  };
}

/** A column of the semantic model as a query expression. */
export function columnRef(table: string, field: string): Record<string, unknown> {
  return { Column: { Expression: { SourceRef: { Entity: table } }, Property: field } };
}

/** The semantic-query filter `Table[Field] In ('v1', 'v2')` (Version 2, the table under an alias in From). */
export function inFilter(f: BookmarkFilter): Record<string, unknown> {
  const alias = /^[A-Za-z]/.test(f.table) ? f.table[0]!.toLowerCase() : 't';
  return {
    Version: 2,
    From: [{ Name: alias, Entity: f.table, Type: 0 }],
    Where: [
      {
        Condition: {
          In: {
            Expressions: [{ Column: { Expression: { SourceRef: { Source: alias } }, Property: f.field } }],
            Values: f.values.map((v) => [stringLiteral(v)]),
          },
        },
      },
    ],
  };
}

/**
 * A PBIR bookmark (valid against bookmark/2.1.0) that opens `reportPage` with categorical
 * `In` filters on that page. Desktop captures the state of a page's filter cards under
 * `explorationState.sections.<page>.filters.byExpr` (cards matched by their field
 * expression; `byName` would need a card of that name on the page), and applies them so.
 */
export function buildBookmark(opts: BuildBookmarkOptions): Record<string, unknown> {
  const section: Record<string, unknown> = { visualContainers: {} };
  if (opts.filters.length > 0) section.filters = { byExpr: opts.filters.map((f, i) => filterContainer(f, i)) };
  return {
    $schema: BOOKMARK_SCHEMA,
    name: opts.name,
    displayName: opts.displayName,
    explorationState: {
      version: EXPLORATION_STATE_VERSION,
      activeSection: opts.reportPage,
      sections: { [opts.reportPage]: section },
    },
  };
}

/** An item of bookmarks.json for a standalone bookmark. */
export function buildBookmarksMetadataEntry(name: string): { name: string } {
  return { name };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Returns a new bookmarks.json content (valid against bookmarksMetadata/1.0.0) that lists
 * `name`. Idempotent: a name already present (standalone or in a group) is not added again.
 * Existing items and groups are kept as they are; `existing` is not modified. Throws when
 * `existing` is not a bookmarks.json-shaped object.
 */
export function addToBookmarksMetadata(existing: object | undefined, name: string): Record<string, unknown> {
  if (existing === undefined) {
    return { $schema: BOOKMARKS_METADATA_SCHEMA, items: [buildBookmarksMetadataEntry(name)] };
  }
  if (!isPlainObject(existing)) throw new Error('bookmarks.json must hold a JSON object');
  const items = existing.items ?? [];
  if (!Array.isArray(items)) throw new Error('bookmarks.json: "items" must be an array');
  const present = items.some(
    (it: unknown) =>
      isPlainObject(it) &&
      (it.name === name || (Array.isArray(it.children) && it.children.includes(name))),
  );
  return {
    ...existing,
    $schema: BOOKMARKS_METADATA_SCHEMA,
    items: present ? [...items] : [...items, buildBookmarksMetadataEntry(name)],
  };
}

export const MAX_BOOKMARK_NAME_LENGTH = 50;

/**
 * A bookmark name usable as file name (`<name>.bookmark.json`) and PBIR object name: only
 * `[A-Za-z0-9_-]`, at most 50 characters, `<prefix>_<id>`. The id part is lower-cased;
 * when the id had to be altered (invalid characters, upper case, too long) an 8-hex hash of
 * the original id is appended, so different ids give different names, also on
 * case-insensitive file systems.
 */
export function bookmarkName(prefix: string, id: string): string {
  const p = prefix.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '').slice(0, 20) || 'Bookmark';
  const cleaned = id.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  const room = MAX_BOOKMARK_NAME_LENGTH - p.length - 1;
  if (cleaned === id && cleaned.length > 0 && cleaned.length <= room) return `${p}_${cleaned}`;
  const hash = shortHash(id);
  const keep = cleaned.slice(0, Math.max(0, room - hash.length - 1)).replace(/[_-]+$/g, '');
  return keep ? `${p}_${keep}-${hash}` : `${p}_${hash}`;
}
