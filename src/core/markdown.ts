/**
 * Markdown escaping helpers for text that comes from users or the database (scenario and
 * node names, fail reasons, user names). Everything here is pure and deterministic.
 *
 * The goal is that user text renders as literal text in any CommonMark/GFM renderer
 * (GitHub, Azure DevOps, VS Code preview, Jira's markdown import): no emphasis, no
 * links, no headings and no raw HTML. `<`, `>` and `&` become HTML entities because a
 * backslash does not neutralise HTML in every renderer.
 */

/** Characters escaped with a backslash (all ASCII punctuation, so the escape is valid CommonMark). */
const BACKSLASH_ESCAPED = /[\\`*_{}[\]()#+\-!|~]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text for use inside a markdown paragraph, list item or heading.
 * Backslash-escapes \ ` * _ { } [ ] ( ) # + - ! | ~, entity-escapes < > &, and neutralises
 * an ordered-list marker (`1.`) or a setext underline (`=`) at the start of a line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
    .replace(BACKSLASH_ESCAPED, (c) => `\\${c}`)
    .replace(/^(\s*\d+)\./gm, '$1\\.')
    .replace(/^(\s*)=/gm, '$1\\=');
}

/** Like escapeMarkdown, for a GFM table cell: line breaks become spaces, pipes are escaped. */
export function escapeTableCell(text: string): string {
  const cell = escapeMarkdown(text.replace(/\r\n|\r|\n/g, ' '));
  return cell.trim() === '' ? ' ' : cell;
}

/**
 * Shortens text to at most `n` characters (code points, so surrogate pairs are never cut),
 * ending with `…` when something was removed.
 */
export function truncate(text: string, n: number): string {
  if (n <= 0) return '';
  if (text.length <= n) return text;
  const chars = Array.from(text);
  if (chars.length <= n) return text;
  return `${chars.slice(0, n - 1).join('')}…`;
}

/** Length of the longest run of `ch` in text. */
function longestRun(text: string, ch: string): number {
  let best = 0;
  let cur = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ch) {
      cur++;
      if (cur > best) best = cur;
    } else {
      cur = 0;
    }
  }
  return best;
}

/**
 * Inline code span that cannot be broken out of: the delimiter is one backtick longer than
 * the longest backtick run inside, and the content is padded with spaces when it starts or
 * ends with a backtick (CommonMark strips one such space on each side). Line breaks become
 * spaces. Raw HTML inside a code span is rendered as text.
 */
export function codeSpan(text: string): string {
  const body = text.replace(/\r\n|\r|\n/g, ' ');
  if (body === '') return '` `';
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  const pad =
    body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '');
  return pad ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}

/**
 * Code span for a GFM table cell: GFM splits cells on `|` even inside code spans, so pipes
 * are backslash-escaped (GFM removes the backslash again when rendering the cell).
 */
export function tableCodeSpan(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

/**
 * Fenced code block whose fence is longer than any backtick run in the text (at least 3),
 * so no line of the content can close it. `lang` is restricted to a safe info string.
 */
export function fencedBlock(text: string, lang = ''): string {
  const body = text.replace(/\r\n|\r/g, '\n').replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  const info = lang.replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${info}\n${body}\n${fence}`;
}

/** One GFM table row from already-escaped cells. */
export function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Header + separator rows of a GFM table (header labels are escaped). */
export function tableHeader(labels: string[]): string {
  return `${tableRow(labels.map(escapeTableCell))}\n${tableRow(labels.map(() => '---'))}`;
}

/**
 * Characters that read the same raw and rendered in running text: letters, digits, spaces
 * and common punctuation. `_` only inside a word (no emphasis there), `&` not before a
 * letter or `#` (no entity), `+` and `-` not first (no list item).
 */
const READABLE = /^[\p{L}\p{N}\p{Zs}.,:;'"’‘“”«»()\-–—/%‰°?@=+&]*$/u;

function readsTheSame(text: string): boolean {
  if (text.trim() === '' || /^[\s+\-=]|^\s*\d+[.)]/.test(text) || /&[A-Za-z#]/.test(text)) return false;
  return READABLE.test(text.replace(/(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}])/gu, 'x'));
}

/**
 * User text (a name, a user, a value) that reads cleanly raw and renders safely: verbatim when
 * it holds nothing Markdown or HTML would act on, else a code span (no `&lt;` entities or
 * backslashes in what a person reads, and nothing in it renders as markup).
 */
export function readable(text: string): string {
  const one = text.replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ');
  return readsTheSame(one) ? one : codeSpan(one);
}

/** Like readable, for a GFM table cell (a pipe inside the code span is escaped, as GFM needs). */
export function readableCell(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one === '') return ' ';
  return readsTheSame(one) ? one : tableCodeSpan(one);
}
