/**
 * `npm run lint` fails on a wrong-direction import, an import cycle and a dead export: the
 * project's own eslint.config.mjs and knip.jsonc, copied into a temporary project with one
 * planted example of each (and examples of what is allowed, which must stay silent).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'lint-fixture', private: true, main: 'src/extension.ts' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, noEmit: true, isolatedModules: true, types: [] },
    include: ['src', 'webview'],
  }),
  // Allowed: engine over core, a type-only cycle, webview on core.
  'src/core/rule.ts': "export function rule(): number {\n  return 1;\n}\n\nexport function deadRule(): number {\n  return 2;\n}\n",
  'src/engine/analyse.ts': "import { rule } from '../core/rule';\n\nexport function analyse(): number {\n  return rule() + 1;\n}\n",
  'src/core/typeA.ts': "import type { TypeB } from './typeB';\n\nexport interface TypeA {\n  b?: TypeB;\n}\n",
  'src/core/typeB.ts': "import type { TypeA } from './typeA';\n\nexport interface TypeB {\n  a?: TypeA;\n}\n",
  // Wrong direction: core importing engine; a webview importing the engine.
  'src/core/wrong.ts': "import { analyse } from '../engine/analyse';\n\nexport const wrong = (): number => analyse();\n",
  'webview/panel/main.ts':
    "import { rule } from '../../src/core/rule';\nimport { analyse } from '../../src/engine/analyse';\n\nexport const shown = (): number => rule() + analyse();\n",
  // A value cycle.
  'src/core/cycleA.ts': "import { b } from './cycleB';\n\nexport const a = (): number => b() + 1;\n",
  'src/core/cycleB.ts': "import { a } from './cycleA';\n\nexport const b = (): number => 1;\nexport const c = (): number => a();\n",
  // The entry point uses everything but deadRule.
  'src/extension.ts': [
    "import type { TypeA } from './core/typeA';",
    "import { c } from './core/cycleB';",
    "import { wrong } from './core/wrong';",
    '',
    'export function activate(t: TypeA): number {',
    '  return t.b ? 0 : c() + wrong();',
    '}',
    '',
  ].join('\n'),
};

describe('npm run lint', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearsight-lint-'));
    for (const f of ['eslint.config.mjs', 'knip.jsonc']) copyFileSync(join(ROOT, f), join(dir, f));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fails a wrong-direction import and a cycle (ESLint), and only those', async () => {
    const eslint = new ESLint({ cwd: dir });
    const results = await eslint.lintFiles(['src', 'webview']);
    const found = results
      .flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line} ${m.ruleId ?? m.message}`))
      .sort();
    assert.deepEqual(found, [
      'src/core/cycleA.ts:1 import-x/no-cycle',
      'src/core/cycleB.ts:1 import-x/no-cycle',
      'src/core/wrong.ts:1 import-x/no-restricted-paths',
      'webview/panel/main.ts:2 import-x/no-restricted-paths',
    ]);
    const wrong = results.find((r) => r.filePath.endsWith('wrong.ts'))?.messages[0]?.message;
    assert.match(wrong ?? '', /src\/core may import no other folder of src/);
  });

  it('fails a dead export (knip), and only that one', () => {
    const knip = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'knip', 'bin', 'knip.js'), '--directory', dir, '--reporter', 'json', '--no-progress'], {
      encoding: 'utf8',
    });
    assert.notEqual(knip.status, 0, `knip passed: ${knip.stdout}${knip.stderr}`);
    const report = JSON.parse(knip.stdout) as { issues: { file: string; exports?: { name: string }[]; types?: { name: string }[]; files?: unknown }[] };
    const exports = report.issues.flatMap((i) => [...(i.exports ?? []), ...(i.types ?? [])].map((e) => `${i.file} ${e.name}`));
    assert.deepEqual(exports, ['src/core/rule.ts deadRule']);
  });
});
