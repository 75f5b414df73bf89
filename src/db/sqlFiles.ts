import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * SQL lives in `sql/` at the package root and is read at run time (the VSIX ships it).
 * Works from the bundle (`dist/`), from sources under tsx (`src/db/`) and from tests.
 */
let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'sql', 'source', 'schema.sql')) && existsSync(join(dir, 'package.json'))) {
      root = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find the sql/ folder above ${__dirname}`);
}

const cache = new Map<string, string>();

/** `sqlText('queries/prod/timeline')` reads `sql/queries/prod/timeline.sql`. */
export function sqlText(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(packageRoot(), 'sql', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}
