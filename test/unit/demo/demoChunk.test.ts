/**
 * The demo generator is dist/demo.js (entry src/demo/chunk.ts), loaded with the first demo
 * build or demo log search: the extension's and the CLI's bundles hold none of it, and the
 * chunk exports every name src/demo/demoDb.ts takes from its import().
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chunk from '../../../src/demo/chunk';

const ROOT = join(__dirname, '..', '..', '..');

/** String literals of the generator that survive minification (a story's node, a demo user). */
const GENERATOR_MARKERS = ["'Patient flow simulation'", "'a.moreau'"];

describe('the lazy demo chunk', () => {
  it('has markers that are the generator’s own', () => {
    const sources = ['src/demo/stories.ts', 'src/demo/catalogue.ts'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const m of GENERATOR_MARKERS) assert.ok(sources.includes(m), `${m} is not in the demo generator's sources`);
  });

  it('keeps the demo generator out of dist/extension.js and dist/cli.js (in dist/demo.js, required on first use)', function () {
    const files = ['extension.js', 'cli.js', 'demo.js'].map((f) => join(ROOT, 'dist', f));
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length > 0) {
      console.log(`      pending: ${missing.join(', ')} not built (npm run build)`);
      this.skip();
    }
    const [extension, cli, demo] = files.map((f) => readFileSync(f, 'utf8'));
    const literals = GENERATOR_MARKERS.map((m) => m.slice(1, -1));
    for (const l of literals) {
      assert.ok(demo.includes(l), `dist/demo.js lacks '${l}'`);
      assert.ok(!extension.includes(l), `dist/extension.js holds the demo generator ('${l}')`);
      assert.ok(!cli.includes(l), `dist/cli.js holds the demo generator ('${l}')`);
    }
    assert.match(extension, /require\("\.\/demo\.js"\)/);
    assert.match(cli, /require\("\.\/demo\.js"\)/);
  });

  it('exports every name demoDb.ts takes from the chunk', () => {
    const text = readFileSync(join(ROOT, 'src/demo/demoDb.ts'), 'utf8');
    const taken = [...text.matchAll(/const \{([^}]*)\} = demoChunk\(\)/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()));
    assert.deepEqual([...new Set(taken)].sort(), ['ensureDemoLogs', 'generateDemo', 'seedSource']);
    const exported = chunk as Record<string, unknown>;
    assert.deepEqual(
      taken.filter((n) => typeof exported[n] !== 'function'),
      [],
    );
  });
});
