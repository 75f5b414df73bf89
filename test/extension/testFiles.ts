/**
 * Loads every test/extension/*.test.ts. Mocha's BDD globals (describe, it, …) must be in
 * place before this is called.
 *
 * Unbundled (tsx), it requires the files it finds next to it. In the test build,
 * test/extension/build.mjs replaces this module with one static require() per test file,
 * so the bundle carries the tests and needs no file system look-up.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function loadTestFiles(): string[] {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.ts') || f.endsWith('.test.js'))
    .sort();
  for (const f of files) require(join(__dirname, f));
  return files;
}
