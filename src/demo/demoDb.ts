/**
 * The embedded demo database: PGlite holding a generated ClearSight production database
 * (and, after `etl --demo`, the reporting schema).
 *
 * Building it (initdb + seeding) takes seconds, so it is built once into a tarball
 * (`seed-<version>.tgz`) and every later open loads that tarball (well under a second)
 * or resumes the persistent data directory. A lock file keeps two processes from opening
 * the same data directory at once (PGlite is single-process).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DbError } from '../core/errors';
import { PgliteDb } from '../db/pgliteDb';
import { packageRoot } from '../db/sqlFiles';
import type * as Chunk from './chunk';
import type { DemoStories } from './stories';

export const DEMO_SCENARIOS = 60;

/**
 * The generator, seeding and engine logs (./chunk.ts), loaded on first use: in the bundles
 * esbuild points this require at dist/demo.js beside them (esbuild.mjs), so activation and
 * the CLI's other commands never load it. A require, not an import(): it is synchronous
 * (demoLogsFolder), and the tests run these sources through tsx's CommonJS hook, where an
 * import() of a .ts file does not resolve.
 */
function demoChunk(): typeof Chunk {
  return require('./chunk') as typeof Chunk;
}

/** Set by esbuild: a hash of the demo's sources (generator, stories, source schema, inserts). */
declare const __DEMO_FINGERPRINT__: string | undefined;

/** Files whose change changes the demo data (esbuild.mjs hashes the same list). */
export const DEMO_SOURCES = ['src/demo', 'sql/source', 'sql/demo'];

/**
 * Identifies the demo data: caches are keyed by it, so a changed generator never serves
 * stale data. From the bundle's build-time constant, else from the source files.
 */
export function demoFingerprint(): string {
  if (typeof __DEMO_FINGERPRINT__ === 'string') return __DEMO_FINGERPRINT__;
  const hash = createHash('sha256');
  for (const dir of DEMO_SOURCES) {
    const abs = join(packageRoot(), dir);
    for (const f of readdirSync(abs).sort()) {
      if (f === 'demoDb.ts') continue;
      hash.update(`${dir}/${f}\0`).update(readFileSync(join(abs, f)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

export function defaultDemoDir(): string {
  if (process.env.CLEARSIGHT_DEMO_DIR) return process.env.CLEARSIGHT_DEMO_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'clearsight-rca', 'demo');
}

export interface DemoOptions {
  /** Folder for the seed tarball and the persistent data directory. */
  dir?: string;
  /** Where a packaged seed may be (default: beside the bundle, where `npm run package` puts it). */
  seedDir?: string;
  /** true: a throw-away copy in memory (tests); false: the persistent data directory. */
  ephemeral?: boolean;
  onProgress?: (message: string) => void;
  onQuery?: (name: string, ms: number, rows: number) => void;
}

function seedFile(dir: string): string {
  return join(dir, `seed-${demoFingerprint()}-${DEMO_SCENARIOS}.tgz`);
}

/** Builds the seed tarball if absent (or uses the one packaged next to the bundle); returns its path. */
export async function ensureDemoSeed(dir: string, onProgress?: (m: string) => void, seedDir = __dirname): Promise<string> {
  const file = seedFile(dir);
  if (existsSync(file)) return file;
  // `npm run package` puts a prebuilt seed of the same fingerprint beside dist/extension.js.
  const bundled = seedFile(seedDir);
  if (existsSync(bundled)) return bundled;
  mkdirSync(dir, { recursive: true });
  onProgress?.('building the demo database (once)…');
  const { generateDemo, seedSource } = demoChunk();
  const db = await PgliteDb.open({ label: 'demo' });
  try {
    const counts = await seedSource(db, generateDemo({ scenarios: DEMO_SCENARIOS }));
    onProgress?.(`demo database seeded: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')}`);
    const blob = await db.dump();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file); // atomic: a concurrent builder never sees half a file
  } finally {
    await db.close();
  }
  return file;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(lock: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (pid && pid !== process.pid && pidAlive(pid)) {
        throw new DbError(`the demo database is in use by another process (pid ${pid}); close it or use a copy (CLEARSIGHT_DEMO_DIR)`);
      }
      rmSync(lock, { force: true }); // stale lock of a process that is gone
    }
  }
  throw new DbError('cannot lock the demo database');
}

/** Opens the demo database; close() releases it. */
export async function openDemo(options: DemoOptions = {}): Promise<PgliteDb> {
  const dir = options.dir ?? defaultDemoDir();
  const seed = await ensureDemoSeed(dir, options.onProgress, options.seedDir);
  const tarball = (): Blob => new Blob([readFileSync(seed)]);
  if (options.ephemeral) {
    return PgliteDb.open({ loadDataDir: tarball(), label: 'demo', onQuery: options.onQuery });
  }
  mkdirSync(dir, { recursive: true }); // the seed may come from the package, not from this folder
  const dataDir = join(dir, `pgdata-${demoFingerprint()}`);
  const release = takeLock(join(dir, `pgdata-${demoFingerprint()}.lock`));
  try {
    const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
    if (fresh) rmSync(dataDir, { recursive: true, force: true });
    const db = await PgliteDb.open({
      dataDir,
      loadDataDir: fresh ? tarball() : undefined,
      label: 'demo',
      onQuery: options.onQuery,
    });
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        await close();
      } finally {
        release();
      }
    };
    return db;
  } catch (err) {
    release();
    throw err;
  }
}

/** The demo's failure stories (the scripted scenarios only: no background data is generated). */
export function demoStories(): DemoStories {
  const first = demoChunk().generateDemoChunks({ scenarios: DEMO_SCENARIOS, chunkScenarios: 1 }).next();
  if (first.done) throw new Error('no demo data generated');
  return first.value.stories;
}

/**
 * The demo's engine logs (`<demo dir>/logs`: engine.log, worker.jsonl, a .gz archive),
 * written from the demo data the first time; the folder.
 */
export function demoLogsFolder(dir = defaultDemoDir()): string {
  mkdirSync(dir, { recursive: true });
  const { ensureDemoLogs, generateDemo } = demoChunk();
  return ensureDemoLogs(dir, demoFingerprint(), () => generateDemo({ scenarios: DEMO_SCENARIOS }));
}
