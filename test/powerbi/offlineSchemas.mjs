/**
 * Preload for Microsoft's PBIR validator (`node --import ./test/powerbi/offlineSchemas.mjs
 * node_modules/.bin/powerbi-report-author validate …`): answers its https.get calls for
 * `$schema`s / `$ref`s from test/fixtures/powerbi-schemas by each file's `$id`, and fails every
 * other request, so validation runs offline and checks everything (no PBIR_SCHEMA_UNREACHABLE).
 * The embedded-schema files declare `schema.embedded.json` in `$id` while `$ref`s say
 * `schema-embedded.json`: both names answer. Requests it refuses are listed on stderr.
 */
import https from 'node:https';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'powerbi-schemas');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
}

const byId = new Map();
for (const file of walk(ROOT)) {
  const text = readFileSync(file, 'utf8');
  let id;
  try {
    id = JSON.parse(text).$id;
  } catch {
    continue;
  }
  if (typeof id !== 'string') continue;
  byId.set(id, text);
  if (id.endsWith('schema.embedded.json')) byId.set(id.replace(/schema\.embedded\.json$/, 'schema-embedded.json'), text);
  if (id.endsWith('schema-embedded.json')) byId.set(id.replace(/schema-embedded\.json$/, 'schema.embedded.json'), text);
}

function urlOf(input) {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return `https://${input.hostname ?? input.host}${input.path ?? '/'}`;
}

function answer(url, callback) {
  const req = new EventEmitter();
  req.destroy = () => req;
  req.end = () => req;
  req.setTimeout = () => req;
  const body = byId.get(url.split('#')[0]);
  process.nextTick(() => {
    if (body === undefined) {
      process.stderr.write(`offlineSchemas: refused ${url} (no such schema in test/fixtures/powerbi-schemas)\n`);
      req.emit('error', new Error(`offline: ${url} is not in test/fixtures/powerbi-schemas`));
      return;
    }
    const res = new PassThrough();
    res.statusCode = 200;
    res.headers = { 'content-type': 'application/json' };
    callback?.(res);
    res.end(body);
  });
  return req;
}

https.get = (input, options, callback) => answer(urlOf(input), typeof options === 'function' ? options : callback);
https.request = (input, options, callback) => answer(urlOf(input), typeof options === 'function' ? options : callback);
