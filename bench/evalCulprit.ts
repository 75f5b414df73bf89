/**
 * `npm run eval:culprit`: the culprit ranking on the labelled corpus (src/eval/culpritCorpus),
 * on an in-memory PGlite and, with --server URL or CLEARSIGHT_TEST_DATABASE_URL, on a fresh
 * PostgreSQL database that is dropped afterwards. Prints per kind top-1 / top-3, the
 * confidence counts (strong/weak/none) and the confident-wrong answers, for production read
 * directly and for the reporting schema (which must answer alike), then issue 21's goals,
 * each PASS or FAIL.
 *
 *   npm run eval:culprit -- [--server URL] [--per-kind N] [--seed N] [--misses]
 */
import { Client } from 'pg';
import { PgDb } from '../src/db/pgDb';
import { PgliteDb } from '../src/db/pgliteDb';
import type { Db } from '../src/db/db';
import { Analyses } from '../src/engine/analyses';
import { buildCulpritCorpus, type CulpritCorpus } from '../src/eval/culpritCorpus';
import { evaluateCorpus, goalLines, loadCorpus, misses, summarizeResults, summaryTable, type KindSummary } from '../src/eval/culpritEval';

interface Args {
  server: string;
  perKind: number;
  seed: number;
  misses: boolean;
}

function parse(argv: string[]): Args {
  const a: Args = { server: process.env.CLEARSIGHT_TEST_DATABASE_URL ?? '', perKind: 8, seed: 20261001, misses: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const v = (): string => {
      const s = argv[++i];
      if (s === undefined) throw new Error(`${x} needs a value`);
      return s;
    };
    if (x === '--server') a.server = v();
    else if (x === '--per-kind') a.perKind = Math.max(1, Number(v()));
    else if (x === '--seed') a.seed = Number(v());
    else if (x === '--misses') a.misses = true;
    else if (x === '--help' || x === '-h') {
      console.log('usage: npm run eval:culprit -- [--server URL] [--per-kind N] [--seed N] [--misses]');
      process.exit(0);
    } else throw new Error(`unknown option ${x}`);
  }
  return a;
}

interface Run {
  label: string;
  summary: KindSummary[];
  goals: string[];
}

async function evaluateOn(label: string, db: Db, corpus: CulpritCorpus, showMisses: boolean): Promise<Run[]> {
  const t0 = performance.now();
  await loadCorpus(db, corpus);
  const out: Run[] = [];
  const rankings: string[] = [];
  for (const kind of ['prod', 'reporting'] as const) {
    const { results, explanations } = await evaluateCorpus(new Analyses(db, kind), corpus.cases);
    rankings.push(JSON.stringify(explanations));
    const name = `${label} ${kind === 'prod' ? 'production' : 'reporting'}`;
    out.push({ label: name, summary: summarizeResults(results), goals: goalLines(name, results) });
    if (showMisses) for (const m of misses(results)) console.log(`  miss: ${m}`);
  }
  if (rankings[0] !== rankings[1]) throw new Error(`${label}: production and reporting answer differently`);
  console.error(`${label}: loaded and explained ${corpus.cases.length} failures on both sources in ${((performance.now() - t0) / 1000).toFixed(1)} s (identical answers)`);
  return out;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const corpus = buildCulpritCorpus({ seed: args.seed, perKind: args.perKind });
  const noInput = corpus.cases.filter((c) => c.expected === 'no_input').length;
  console.error(
    `corpus: ${corpus.cases.length} failed scenarios (${corpus.cases.length - noInput} caused by an input, ${noInput} by no input), ${corpus.scenarios.length} scenarios, ${corpus.nodeData.length} saves (seed ${args.seed})`,
  );
  const runs: Run[] = [];
  const lite = await PgliteDb.open();
  try {
    runs.push(...(await evaluateOn('PGlite', lite, corpus, args.misses)));
  } finally {
    await lite.close();
  }
  if (args.server) {
    const name = `clearsight_eval_${Date.now().toString(36)}_${process.pid}`;
    const admin = new Client({ connectionString: args.server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const u = new URL(args.server);
      u.pathname = `/${name}`;
      const db = new PgDb({ url: u.toString(), readOnly: false });
      try {
        runs.push(...(await evaluateOn('PostgreSQL', db, corpus, args.misses)));
      } finally {
        await db.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  console.log(summaryTable(runs));
  console.log('\nGoals (issue 21):');
  for (const r of runs) console.log(r.goals.join('\n'));
}

main().catch((err: unknown) => {
  console.error(`eval:culprit: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
