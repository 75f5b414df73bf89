/**
 * Builds the demo database's seed tarball into dist/ (run by `npm run package`): the VSIX
 * ships it, so the demo opens in about a second on first use instead of being generated
 * and seeded then. Its name carries the demo fingerprint, so a stale one is never used.
 */
import { rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemoSeed } from '../src/demo/demoDb';

async function main(): Promise<void> {
  const dist = join(__dirname, '..', 'dist');
  for (const f of readdirSync(dist)) if (/^seed-.*\.tgz$/.test(f)) rmSync(join(dist, f));
  const started = Date.now();
  const file = await ensureDemoSeed(dist, (m) => console.log(`demo-seed: ${m}`));
  console.log(`demo-seed: ${file} in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(`demo-seed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
