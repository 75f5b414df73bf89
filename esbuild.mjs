// One script, two kinds of bundle: node CJS for the extension and the CLI (vscode and
// pg-native external), and one browser bundle per webview panel (added with the panels).
// `--production` minifies, `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

/** PGlite loads its WASM and file-system bundle next to the bundle that contains it. */
function copyPgliteAssets() {
  const dist = join(dirname(require.resolve('@electric-sql/pglite')), '.');
  mkdirSync('dist', { recursive: true });
  for (const f of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) copyFileSync(join(dist, f), join('dist', f));
}

/** Same rule as demoFingerprint() in src/demo/demoDb.ts: the demo cache key. */
function demoFingerprint() {
  const hash = createHash('sha256');
  for (const dir of ['src/demo', 'sql/source', 'sql/demo']) {
    for (const f of readdirSync(dir).sort()) {
      if (f === 'demoDb.ts') continue;
      hash.update(`${dir}/${f}\0`).update(readFileSync(join(dir, f)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'pg-native'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // ESM dependencies (PGlite) locate their assets with import.meta.url, which a CJS
  // bundle does not have: point it at the bundle file itself.
  define: { 'import.meta.url': '__bundleUrl', __DEMO_FINGERPRINT__: JSON.stringify(demoFingerprint()) },
  banner: { js: 'const __bundleUrl = require("url").pathToFileURL(__filename).href;' },
};

/**
 * PGlite (the embedded WASM PostgreSQL, two thirds of the code) is its own file,
 * dist/pglite.js, which the CLI and the extension require() on first use: src/db/pgliteDb.ts
 * import()s it, and this plugin points that import at the file beside the bundle. One copy
 * for both bundles; it finds its .wasm/.data beside itself (the banner's __bundleUrl).
 */
const pgliteChunk = {
  name: 'pglite-chunk',
  setup(b) {
    b.onResolve({ filter: /^@electric-sql\/pglite$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './pglite.js', external: true } : undefined));
  },
};

/**
 * The AWS SDK (CloudWatch Logs, the RDS signer; a third of the extension's code) is
 * dist/aws.js (entry src/aws/sdk.ts), loaded with the first CloudWatch search or IAM token:
 * the code import()s the packages, and this plugin points those imports at the file beside
 * the bundle.
 */
const awsChunk = {
  name: 'aws-chunk',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/(client-cloudwatch-logs|credential-providers|rds-signer)$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './aws.js', external: true } : undefined,
    );
  },
};

/**
 * The demo generator (its data, seeding and engine logs: 100 KB of source) is dist/demo.js
 * (entry src/demo/chunk.ts), loaded when the demo database is first built or its logs first
 * searched: src/demo/demoDb.ts require()s './chunk' inside a function, and this plugin
 * points that require at the file beside the bundle. demoDb.ts itself (open, lock, seed
 * tarball) stays in the bundle, so the Db and error classes it hands out are the bundle's own.
 */
const demoChunk = {
  name: 'demo-chunk',
  setup(b) {
    b.onResolve({ filter: /^\.\/chunk$/ }, (args) =>
      args.kind === 'require-call' && /[\\/]src[\\/]demo[\\/]demoDb\.ts$/.test(args.importer) ? { path: './demo.js', external: true } : undefined,
    );
  },
};

/** Our import()s become require()s: lazy modules inside the bundle; dist/pglite.js, dist/aws.js and dist/demo.js beside it. */
const lazy = { plugins: [pgliteChunk, awsChunk, demoChunk], supported: { 'dynamic-import': false } };

const entries = [
  // src/cli.ts starts with its own #! line, which esbuild keeps.
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', ...lazy },
  {
    // PGlite's own import()s stay (it shadows `require` where it uses them).
    stdin: { contents: "export * from '@electric-sql/pglite';", resolveDir: '.', loader: 'js', sourcefile: 'pglite-chunk.js' },
    outfile: 'dist/pglite.js',
  },
  { entryPoints: ['src/aws/sdk.ts'], outfile: 'dist/aws.js' },
  { entryPoints: ['src/demo/chunk.ts'], outfile: 'dist/demo.js' },
];
if (existsSync('src/extension.ts')) entries.push({ entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', ...lazy });

const browser = [];
if (existsSync('webview')) {
  for (const panel of readdirSync('webview', { withFileTypes: true })) {
    const main = join('webview', panel.name, 'main.ts');
    if (panel.isDirectory() && existsSync(main)) {
      browser.push({
        entryPoints: [main],
        outfile: join('dist', 'webview', `${panel.name}.js`),
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        sourcemap: production ? false : 'linked',
        minify: production,
        logLevel: 'warning',
        loader: { '.css': 'text' },
      });
    }
  }
}

/** The codicon font and its stylesheet, loaded by the panels from dist/webview (no CDN). */
function copyCodicons() {
  const dist = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  mkdirSync(join('dist', 'webview'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(dist, f), join('dist', 'webview', f));
}

copyPgliteAssets();
if (browser.length > 0) copyCodicons();
const configs = [...entries.map((e) => ({ ...node, ...e })), ...browser];
if (process.argv.includes('--tests')) {
  // The extension-host test build (dist/test/): see test/extension/build.mjs.
  const { extensionTestBuilds } = await import('./test/extension/build.mjs');
  configs.push(...extensionTestBuilds(node));
}
if (watch) {
  for (const c of configs) await (await context(c)).watch();
  console.log('watching…');
} else {
  await Promise.all(configs.map((c) => build(c)));
  chmodSync('dist/cli.js', 0o755);
}
