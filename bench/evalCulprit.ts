/**
 * `npm run eval:culprit`: the culprit ranking on the labelled corpus (src/eval/culpritCorpus),
 * on an in-memory PGlite and, with --server URL or CLEARSIGHT_TEST_DATABASE_URL, on a fresh
 * PostgreSQL database that is dropped afterwards. Prints per kind top-1 / top-3, the
 * confidence counts (strong/weak/none) and the confident-wrong answers, for production read
 * directly and for the reporting schema (which must answer alike), and for the reporting
 * schema with each run's log lines (the corpus's engine, worker, platform and PostgreSQL logs,
 * written to a temporary folder) feeding the verdict; then issue 21's goals, each PASS or FAIL.
 *
 *   npm run eval:culprit -- [--server URL] [--per-kind N] [--seed N] [--misses]
 */
import { Client } from 'pg';
import { PgDb } from '../src/db/pgDb';
import { PgliteDb } from '../src/db/pgliteDb';
import type { Db } from '../src/db/db';
import { Analyses } from '../src/engine/analyses';
import { buildCulpritCorpus, type CulpritCorpus } from '../src/eval/culpritCorpus';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusLogSource, evaluateCorpus, goalLines, loadCorpus, misses, summarizeResults, summaryTable, type CaseResult, type KindSummary } from '../src/eval/culpritEval';
import type { LogSource } from '../src/logs/types';

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

async function evaluateOn(label: string, db: Db, corpus: CulpritCorpus, showMisses: boolean, logs: LogSource): Promise<Run[]> {
  const t0 = performance.now();
  await loadCorpus(db, corpus);
  const out: Run[] = [];
  const rankings: string[] = [];
  const record = (name: string, results: CaseResult[]): void => {
    out.push({ label: name, summary: summarizeResults(results), goals: goalLines(name, results) });
    if (showMisses) for (const m of misses(results)) console.log(`  miss (${name}): ${m}`);
  };
  for (const kind of ['prod', 'reporting'] as const) {
    const { results, explanations } = await evaluateCorpus(new Analyses(db, kind), corpus.cases);
    rankings.push(JSON.stringify(explanations));
    record(`${label} ${kind === 'prod' ? 'production' : 'reporting'}`, results);
  }
  if (rankings[0] !== rankings[1]) throw new Error(`${label}: production and reporting answer differently`);
  // The same on the reporting schema with the run's log lines feeding the verdict.
  record(`${label} reporting + logs`, (await evaluateCorpus(new Analyses(db, 'reporting'), corpus.cases, [logs])).results);
  console.error(`${label}: loaded and explained ${corpus.cases.length} failures on both sources (identical answers) and with the logs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
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
  const logDir = mkdtempSync(join(tmpdir(), 'clearsight-eval-logs-'));
  const logs = corpusLogSource(corpus, logDir);
  try {
    const lite = await PgliteDb.open();
    try {
      runs.push(...(await evaluateOn('PGlite', lite, corpus, args.misses, logs)));
    } finally {
      await lite.close();
    }
    if (args.server) runs.push(...(await onServer(args.server, corpus, args.misses, logs)));
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  console.log(summaryTable(runs));
  console.log('\nGoals (issue 21):');
  for (const r of runs) console.log(r.goals.join('\n'));
}

/** The eval on a fresh database of the server at `server`, dropped afterwards. */
async function onServer(server: string, corpus: CulpritCorpus, showMisses: boolean, logs: LogSource): Promise<Run[]> {
  const name = `clearsight_eval_${Date.now().toString(36)}_${process.pid}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(server);
    u.pathname = `/${name}`;
    const db = new PgDb({ url: u.toString(), readOnly: false });
    try {
      return await evaluateOn('PostgreSQL', db, corpus, showMisses, logs);
    } finally {
      await db.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(`eval:culprit: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
