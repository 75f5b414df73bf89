/**
 * Builds the demo database's seed tarball into dist/ (run by `npm run package`): the VSIX
 * ships it with the reporting schema already loaded, so the demo opens in about a second
 * on first use and answers at once, with no generation, seeding or first ETL then. Its
 * name carries the demo fingerprint, so a stale one is never used.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PgliteDb } from '../src/db/pgliteDb';
import { ensureDemoSeed } from '../src/demo/demoDb';
import { runEtl } from '../src/etl/etl';

async function main(): Promise<void> {
  const dist = join(__dirname, '..', 'dist');
  for (const f of readdirSync(dist)) if (/^seed-.*\.tgz$/.test(f)) rmSync(join(dist, f));
  const started = Date.now();
  const file = await ensureDemoSeed(dist, (m) => console.log(`demo-seed: ${m}`));
  const db = await PgliteDb.open({ loadDataDir: new Blob([readFileSync(file)]) });
  try {
    const etl = await runEtl({ source: db, target: db, mode: 'full' });
    console.log(`demo-seed: reporting schema loaded (${Object.values(etl.loaded).reduce((a, b) => a + b, 0)} rows)`);
    await db.exec('VACUUM ANALYZE');
    writeFileSync(file, Buffer.from(await (await db.dump()).arrayBuffer()));
  } finally {
    await db.close();
  }
  console.log(`demo-seed: ${file} in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(`demo-seed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
