// The layering, enforced (see README "Architecture"): which folder may import what, plus
// two rules the type checker cannot give: every promise is awaited or voided on purpose
// (no-floating-promises) and type-only imports say so (consistent-type-imports).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

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
