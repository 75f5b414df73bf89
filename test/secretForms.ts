/** Issue 10 item 5: every connection string form holding a password, and the check that it never shows. */
import assert from 'node:assert/strict';

/** A password with everything that breaks naive redaction: space, quote, @, /, %, =, &. */
export const SECRET = "Zq9 x'@/%=&y";
const enc = encodeURIComponent(SECRET);
export const kvQuoted = `'${SECRET.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Every form a connection string with a password takes (item 5's table). */
export const SECRET_FORMS: Array<[string, string]> = [
  ['userinfo, percent-encoded', `postgres://rca:${enc}@db.example:6543/forecast`],
  ['postgresql:// scheme', `postgresql://rca:${enc}@db.example:6543/forecast`],
  ['pg:// scheme', `pg://rca:${enc}@db.example:6543/forecast?sslmode=disable`],
  ['?password= query parameter', `postgres://rca@db.example:6543/forecast?password=${enc}`],
  ['&password= after another parameter', `postgres://rca@db.example:6543/forecast?sslmode=disable&password=${enc}&application_name=x`],
  ['key=value, quoted with spaces', `host=db.example port=6543 dbname=forecast user=rca password=${kvQuoted}`],
  ['key=value, spaces around =', `host=db.example port=6543 password = ${kvQuoted} dbname=forecast user=rca`],
  ['key=value, bare', 'host=db.example port=6543 dbname=forecast user=rca password=Bare7secret'],
];

export function secretOf(form: string): string {
  return form.includes('Bare7secret') ? 'Bare7secret' : SECRET;
}

/** No trace of the secret: as written, percent-encoded, or any 5-character piece of it. */
export function assertNoSecret(text: string, secret: string, where: string): void {
  assert.ok(!text.includes(secret), `${where}: the secret appears: ${text}`);
  assert.ok(!text.includes(encodeURIComponent(secret)), `${where}: the percent-encoded secret appears: ${text}`);
  for (let i = 0; i + 5 <= secret.length; i++) {
    const piece = secret.slice(i, i + 5);
    assert.ok(!text.includes(piece) && !text.includes(encodeURIComponent(piece)), `${where}: '${piece}' of the secret appears: ${text}`);
  }
}

