/**
 * The benchmark's production stand-in: `clearsight_bench_<scale>` on the server, holding
 * the ClearSight source tables seeded with `generateDemoChunks({scenarios})` plus the
 * bench extras. Kept between runs while its fingerprint (generator sources, extras,
 * scale) matches and it holds nothing newer than the window's anchor (a run killed
 * half-way through the incremental step); `--fresh` rebuilds it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/db/sqlFiles';
import { demoFingerprint } from '../../src/demo/demoDb';
import { generateDemoChunks } from '../../src/demo/generator';
import { DEMO_DEFAULTS, type DemoData } from '../../src/demo/rows';
import { seedChunks } from '../../src/demo/seed';
import { buildExtras, type Extras } from './extras';
import { createDatabase, databaseComment, databaseExists, engineDb, rawClient, setDatabaseComment, withDatabase } from './pg';

export interface Scale {
  /** Label in the tables: S/4, S, 4S, quick. */
  label: string;
  /** Database name part: q, s, s4… */
  key: string;
  scenarios: number;
}

export interface Source {
  scale: Scale;
  url: string;
  database: string;
  extras: Extras;
  counts: Record<string, number>;
  seeded: boolean;
  seedMs: number;
}

export const ANCHOR = DEMO_DEFAULTS.anchor;

/**
 * Runs still open at the anchor: the generator leaves the runs of the last half hour open,
 * as many as the scale's activity gives (22 at S/4, 87 at S, ≈ 350 at 4S). Every incremental
 * reads the open runs again (until they end), so they are recent activity, not history: the
 * bench keeps S/4's number at every scale (the newest stay open, the others end successfully
 * before the anchor), so that the incremental windows compare the same activity over more
 * history.
 */
const OPEN_RUNS = 22;

async function capOpenRuns(url: string): Promise<void> {
  const c = await rawClient(url);
  try {
    await c.query(
      `WITH extra AS (SELECT id FROM fc_scenario_run WHERE run_status IN ('queued', 'running') ORDER BY run_at DESC, id OFFSET $1)
       UPDATE fc_scenario_run r SET run_status = 'success', run_complete_at = least(r.run_at + interval '3 minutes', $2::timestamp)
         FROM extra WHERE r.id = extra.id`,
      [OPEN_RUNS, ANCHOR.replace('T', ' ').replace('Z', '')],
    );
  } finally {
    await c.end();
  }
}

function fingerprint(scale: Scale): string {
  const h = createHash('sha256');
  h.update(demoFingerprint());
  h.update(readFileSync(join(packageRoot(), 'bench', 'lib', 'extras.ts')));
  h.update(`open runs ${OPEN_RUNS}`);
  h.update(`scenarios=${scale.scenarios}`);
  return `clearsight-bench ${h.digest('hex').slice(0, 16)}`;
}

async function counts(url: string): Promise<Record<string, number>> {
  const c = await rawClient(url);
  try {
    const out: Record<string, number> = {};
    for (const t of ['fc_model', 'fc_model_node', 'fc_scenario', 'fc_scenario_run', 'fc_scenario_node_data', 'fc_scenario_node_calc']) {
      const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
      out[t] = Number(r.rows[0].n);
    }
    return out;
  } finally {
    await c.end();
  }
}

/** Whether anything in the source is newer than the anchor (an increment left behind). */
async function dirty(url: string): Promise<boolean> {
  const c = await rawClient(url);
  try {
    const r = await c.query<{ d: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM fc_scenario_run WHERE run_at > $1 OR run_complete_at > $1)
           OR EXISTS (SELECT 1 FROM fc_scenario_node_data WHERE created_at > $1 OR end_at > $1)
           OR EXISTS (SELECT 1 FROM fc_scenario WHERE created_at > $1) AS d`,
      [ANCHOR.replace('T', ' ').replace('Z', '')],
    );
    return r.rows[0].d;
  } catch {
    return true;
  } finally {
    await c.end();
  }
}

export async function ensureSource(serverUrl: string, scale: Scale, options: { fresh?: boolean; log: (m: string) => void }): Promise<Source> {
  const database = `clearsight_bench_${scale.key}`;
  const url = withDatabase(serverUrl, database);
  const extras = buildExtras();
  const fp = fingerprint(scale);
  if (!options.fresh && (await databaseExists(serverUrl, database)) && (await databaseComment(serverUrl, database)) === fp && !(await dirty(url))) {
    options.log(`${scale.label}: reusing ${database} (fingerprint matches)`);
    return { scale, url, database, extras, counts: await counts(url), seeded: false, seedMs: 0 };
  }
  options.log(`${scale.label}: seeding ${database} with ${scale.scenarios} scenarios…`);
  const started = performance.now();
  await createDatabase(serverUrl, database);
  const db = engineDb(url, false);
  try {
    function* chunks(): Generator<DemoData> {
      let stories: DemoData['stories'] | undefined;
      for (const chunk of generateDemoChunks({ scenarios: scale.scenarios, chunkScenarios: 250 })) {
        stories = chunk.stories;
        yield chunk;
      }
      yield { ...extras.data, stories: stories! };
    }
    await seedChunks(db, chunks(), { batchSize: 5000 });
  } finally {
    await db.close();
  }
  await capOpenRuns(url);
  // Production tables are vacuumed by autovacuum (visibility map set: index-only scans count);
  // a fresh load is not yet.
  const c = await rawClient(url);
  try {
    await c.query('VACUUM (ANALYZE) fc_model, fc_model_node, fc_scenario, fc_scenario_run, fc_scenario_node_data, fc_scenario_node_calc');
  } finally {
    await c.end();
  }
  await setDatabaseComment(serverUrl, database, fp);
  const seedMs = performance.now() - started;
  options.log(`${scale.label}: seeded in ${(seedMs / 1000).toFixed(1)} s`);
  return { scale, url, database, extras, counts: await counts(url), seeded: true, seedMs };
}
