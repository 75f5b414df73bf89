/**
 * The one redaction of secrets in text: every message, label, status bar text and log line
 * that may hold a connection string goes through `redact` (pure; no driver, no vscode).
 *
 * Covers every form a PostgreSQL connection string takes:
 * - URL userinfo, any scheme (`postgres://`, `postgresql://`, `pg://`…): `scheme://user:***@host`,
 *   whatever the password holds (percent-encoded or not, `@`, `/` and spaces included: up to
 *   the last `@` of the line, erring on the side of hiding too much);
 * - a `password` / `sslpassword` query parameter: `?password=***`;
 * - libpq key=value strings: `password=***`, quoted values with spaces included (`password='a b'`;
 *   after a quoted value, the rest of its token goes too, in case it was escaped once more);
 * - the same, percent-encoded (a URL inside a URL, a command link): `password%3D***`;
 * - and any known secret given (4 characters or more), as written, percent-encoded or JSON-escaped.
 */

const MASK = '***';

/** `scheme://user:password@` → `scheme://user:***@` (the password runs to the last `@` of the token). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\n]*@/gi;
/** `?password=x` / `&sslpassword=x` in a URL query (the value ends at `&`, `#` or a space). */
const QUERY_PARAM = /([?&](?:ssl)?password=)[^&#\s]*/gi;
/** libpq key=value: `password = 'quoted \' value'` or a bare value up to the next space. */
const KEY_VALUE = /(^|[^\w?&%])((?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*'?\S*|[^\s']+)/gi;
/** Percent-encoded `password=` (`password%3Dx`), up to the next encoded separator. */
const ENCODED = /((?:ssl)?password(?:%20)*%3D(?:%20)*)(?:'(?:%5C(?:%[0-9a-f]{2}|.)|[^'])*'?(?:[^\s%]|%(?!20)[0-9a-f]{2})*|%27(?:(?!%27).)*(?:%27)?|[^%&\s']*(?:%(?!20|26|27)[0-9a-f]{2}[^%&\s']*)*)/gi;
/** Percent-encoded userinfo: `%2F%2Fuser%3Apassword%40`. */
const ENCODED_USERINFO = /(%3A%2F%2F[^\s%:/@]*%3A)[^\s]*%40/gi;

/** `text` with every password removed; `secrets`: known passwords, removed wherever they appear. */
export function redact(text: string, secrets: Iterable<string | undefined | null> = []): string {
  let out = String(text);
  for (const s of secrets) {
    // A known secret of fewer than 4 characters would mask ordinary words; the patterns below still apply.
    if (!s || s.length < 4) continue;
    const uri = encodeURIComponent(s);
    const strict = uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    for (const form of new Set([s, uri, strict, JSON.stringify(s).slice(1, -1)])) {
      if (form) out = out.split(form).join(MASK);
    }
  }
  return out
    .replace(USERINFO, `$1${MASK}@`)
    .replace(QUERY_PARAM, `$1${MASK}`)
    .replace(KEY_VALUE, `$1$2${MASK}`)
    .replace(ENCODED, `$1${MASK}`)
    .replace(ENCODED_USERINFO, `$1${MASK}%40`);
}
