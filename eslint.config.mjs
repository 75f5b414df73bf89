// The layering, enforced (see README "Architecture"): which folder may import what (the
// layer order below and the bans after it), no import cycles, plus two rules the type checker
// cannot give: every promise is awaited or voided on purpose (no-floating-promises) and
// type-only imports say so (consistent-type-imports). `npm run lint` then runs knip
// (knip.json): an export nothing imports is dead code and fails the lint too.
import { builtinModules } from 'node:module';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layer order: each folder of src/ and what it may import besides itself (values and
 * types alike; dynamic import() too). Bottom to top:
 *
 *   core                                   pure domain rules
 *   db, logs, powerbi                      the drivers, the log sources, the Power BI files: core only
 *   aws                                    the AWS SDK chunk (src/aws/sdk.ts): packages only
 *   shared                                 what panel hosts and webviews share (protocol, navigation):
 *                                          core, and logs for the log line types of the Diagnostics
 *                                          protocol (types only in practice: webviews are browser code)
 *   etl, demo                              over db: the ETL (and logs: its log step reads the log
 *                                          sources); the demo generator and database
 *   engine                                 the analyses: core, db, etl (the reporting schema's
 *                                          state), logs (run diagnostics), powerbi (reports), shared
 *   api                                    the HTTP API over the engine
 *   ops                                    serve, health, scheduler: everything below, api included
 *   eval                                   the culprit ranking's evaluation (bench only): engine,
 *                                          etl, demo (its corpus is demo data), logs (the corpus's log files)
 *   cli, vscode                            the two front ends: everything below but eval, not each other
 *   src/cli.ts, src/extension.ts           their entry points
 *
 * webview/ stands apart: browser code importing src/core, src/shared and the log line
 * types (src/logs/types.ts) only; src/ never imports webview/.
 */
const BASE = ['core'];
const ADAPTERS = [...BASE, 'db', 'logs', 'powerbi'];
const ENGINE = [...ADAPTERS, 'shared', 'etl'];
const OPS = [...ENGINE, 'engine', 'api'];
const FRONT_END = [...OPS, 'ops', 'demo'];
const LAYERS = {
  core: [],
  db: BASE,
  logs: BASE,
  powerbi: BASE,
  aws: [],
  shared: ['core', 'logs'],
  etl: ['core', 'db', 'logs'],
  demo: ['core', 'db'],
  engine: ENGINE,
  api: [...ENGINE, 'engine'],
  ops: OPS,
  eval: ['core', 'db', 'logs', 'etl', 'demo', 'engine'],
  cli: FRONT_END,
  vscode: FRONT_END,
};
const layerZones = [
  ...Object.entries(LAYERS).map(([folder, may]) => ({
    target: `./src/${folder}`,
    from: './src',
    except: [folder, ...may].map((f) => `./${f}`),
    message: `src/${folder} may import ${may.length ? may.map((f) => `src/${f}`).join(', ') : 'no other folder of src'} (the layer order in eslint.config.mjs).`,
  })),
  { target: './src/cli.ts', from: ['./src/vscode', './src/eval'], message: 'The CLI does not load the extension or the evaluation.' },
  { target: './src/extension.ts', from: ['./src/cli', './src/eval'], message: 'The extension does not load the CLI or the evaluation.' },
  { target: './src', from: './webview', message: 'webview/ is browser code: src/ never imports it.' },
  {
    target: './webview',
    from: './src',
    except: ['./core', './shared', './logs/types.ts'],
    message: 'webview/ imports src/core, src/shared and src/logs/types.ts only (browser code).',
  },
];

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => [m, `${m}/*`]))].filter((m) => !m.startsWith('_'));
const vscodeBan = { name: 'vscode', message: 'Only src/vscode and src/extension.ts talk to VS Code.' };
const driverBan = {
  group: ['pg', 'pg/*', 'pg-*', '@electric-sql/pglite', '@electric-sql/pglite/*'],
  message: 'Only src/db talks to a driver; elsewhere use the Db interface (src/db/db.ts).',
};
const panelBan = {
  regex: '(^|/)panels/(?!basePanel$)\\w+Panel$|^\\./(?!basePanel$)\\w+Panel$',
  allowTypeImports: true,
  message: 'Open panels through the navigator (src/vscode/panels/navigator.ts); only registration.ts imports panel classes.',
};
const builtinBan = { group: ['node:*', ...nodeBuiltins], message: 'Pure code (src/core, src/shared, webview/) uses no Node built-ins.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-artifacts/**', '.cache/**', 'bench/data/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The layer order (above) and no cycles. A cycle counts value imports only (import-x's
  // no-cycle skips `import type`): types are erased before run time, so a type-only cycle
  // cannot leave a module half-initialised, and consistent-type-imports (above) makes every
  // type-only import say so. Dynamic import() is a value import: a cycle through one counts.
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Resolve `./x` to x.ts and parse .ts files with typescript-eslint (no-cycle reads the imported files).
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // Everything below src/vscode and the extension entry point stays usable without VS Code.
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    ignores: ['src/vscode/**', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [driverBan] }] },
  },
  // Panels never import each other: they navigate (panels/navigator.ts); only the
  // registration (loaded on first use) imports panel classes. Types are fine.
  {
    files: ['src/vscode/**/*.ts', 'src/extension.ts'],
    ignores: ['src/vscode/panels/registration.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [driverBan, panelBan] }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [driverBan, builtinBan] }] },
  },
  // src/db owns the drivers; the demo opens its embedded database through src/db/pgliteDb.
  {
    files: ['src/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan] }] },
  },
);
