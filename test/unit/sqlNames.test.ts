/**
 * Every SQL name the code hands to sqlText() names a file under sql/, so a renamed or
 * missing statement fails here instead of at run time. Names are read from the sources:
 * literal names directly, the query helpers of the engine by their calls, and names built
 * from a template as a pattern that must match at least one file.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const sqlDir = join(root, 'sql');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

/** The code of a source file without its comments (doc examples are not calls). */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const sources = files(join(root, 'src'), '.ts').map((p) => ({ path: relative(root, p).replace(/\\/g, '/'), text: code(readFileSync(p, 'utf8')) }));
const sqlNames = files(sqlDir, '.sql').map((p) => relative(sqlDir, p).replace(/\\/g, '/').replace(/\.sql$/, ''));
const exists = (name: string): boolean => existsSync(join(sqlDir, `${name}.sql`));

/**
 * Files whose own helper builds the name: its calls and the files each may stand for (the
 * engine's q() reads per source; some queries exist for one source only, e.g. the
 * reporting timeline, so one of them must exist).
 */
const HELPERS: Array<{ file: string; template: string; call: RegExp; names: (n: string) => string[] }> = [
  { file: 'src/engine/analyses.ts', template: 'queries/${this.kind}/${name}', call: /this\.q\('([^']+)'\)/g, names: (n) => [`queries/prod/${n}`, `queries/reporting/${n}`] },
  { file: 'src/engine/overview.ts', template: 'queries/reporting/${name}', call: /\bq\('([^']+)'\)/g, names: (n) => [`queries/reporting/${n}`] },
];

describe('sqlText names', () => {
  it('every literal name exists under sql/', () => {
    const named = sources.flatMap((s) => [...s.text.matchAll(/sqlText\(\s*'([^']+)'\s*\)/g)].map((m) => ({ at: s.path, name: m[1] })));
    assert.ok(named.length >= 30, `only ${named.length} literal sqlText names found: is the pattern still right?`);
    assert.deepEqual(
      named.filter((n) => !exists(n.name)).map((n) => `${n.at}: ${n.name}`),
      [],
    );
  });

  it('every name a query helper is called with exists', () => {
    for (const h of HELPERS) {
      const text = sources.find((s) => s.path === h.file)?.text;
      assert.ok(text, `${h.file} is gone: update HELPERS`);
      assert.ok(text.includes(`sqlText(\`${h.template}\`)`), `${h.file} no longer builds ${h.template}: update HELPERS`);
      const names = [...text.matchAll(h.call)].map((m) => m[1]);
      assert.ok(names.length >= 3, `only ${names.length} calls of the helper in ${h.file}`);
      assert.deepEqual(
        names.filter((n) => !h.names(n).some(exists)),
        [],
        h.file,
      );
    }
  });

  it('every name built from a template matches at least one file', () => {
    const templates = sources.flatMap((s) => [...s.text.matchAll(/sqlText\(\s*`([^`]+)`\s*\)/g)].map((m) => ({ at: s.path, template: m[1] })));
    const handled = new Set(HELPERS.map((h) => `${h.file}|${h.template}`));
    const open = templates.filter((t) => !handled.has(`${t.at}|${t.template}`));
    assert.ok(open.length >= 3, `only ${open.length} template names found`);
    const unmatched = open.filter((t) => {
      const pattern = new RegExp(`^${t.template.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
      return !sqlNames.some((n) => pattern.test(n));
    });
    assert.deepEqual(
      unmatched.map((t) => `${t.at}: ${t.template}`),
      [],
    );
  });
});
