/**
 * Runs the culprit ranking over the labelled corpus (./culpritCorpus) on a database: seeds the
 * source tables, loads the reporting schema with the ETL, explains every failed run on both
 * sources and reports per kind where the culprit ranked (top-1 / top-3), the confidence the
 * engine gave (strong / weak / none), the confident-wrong answers (strong with the wrong top,
 * or strong on a failure no input caused) and issue 21's goals, pass or fail.
 */
import type { Db } from '../db/db';
import { seedChunks } from '../demo/seed';
import type { DemoData } from '../demo/rows';
import type { Analyses} from '../engine/analyses';
import { type SourceKind } from '../engine/analyses';
import { runEtl } from '../etl/etl';
import type { Explanation } from '../core/types';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileLogSource } from '../logs/fileSource';
import { collectRunLogs, errorTexts, runLogQuery } from '../logs/search';
import { DEFAULT_MARGIN_MINUTES, type LogSource } from '../logs/types';
import { CASE_KINDS, corpusLogFiles, isNoInputKind, type CaseKind, type CulpritCorpus, type LabelledCase } from './culpritCorpus';

export type Confidence = 'strong' | 'weak' | 'none';
export type VerdictKind = 'input' | 'infrastructure' | 'unknown';

export interface CaseResult extends LabelledCase {
  source: SourceKind;
  /** 1-based place of the culprit in the ranking (null when it is not a candidate, or no input caused it). */
  rank: number | null;
  candidates: number;
  top: string;
  topEvidence: string[];
  /** The explanation's `confidence` and `verdict` (null when the engine gives none). */
  confidence: Confidence | null;
  verdict: { kind: VerdictKind; node_id: string | null; summary: string } | null;
  /** Strong with the wrong top candidate, or strong on a failure no input caused. */
  confidentWrong: boolean;
}

export interface KindSummary {
  kind: CaseKind | 'overall' | 'culprit kinds' | 'no-input kinds';
  cases: number;
  top1: number;
  top3: number;
  strong: number;
  weak: number;
  none: number;
  /** Explanations without a confidence. */
  na: number;
  confidentWrong: number;
  /** Verdict kinds. */
  input: number;
  infrastructure: number;
  unknown: number;
}

/**
 * Writes the corpus's source tables through `db`, then loads the reporting schema: into the
 * same database, or from `etl.source` (production, read-only) into `etl.target` (another one).
 */
export async function loadCorpus(db: Db, corpus: CulpritCorpus, etl: { source: Db; target: Db } = { source: db, target: db }): Promise<void> {
  const rows = { ...corpus, cases: undefined, platformLog: undefined, stories: undefined } as unknown as DemoData;
  await seedChunks(db, [rows]);
  await runEtl({ source: etl.source, target: etl.target, mode: 'full' });
}

const CONFIDENCES: readonly string[] = ['strong', 'weak', 'none'];
const VERDICT_KINDS: readonly string[] = ['input', 'infrastructure', 'unknown'];

/** The explanation's confidence, read defensively (an engine without one gives null). */
export function confidenceOf(x: Explanation): Confidence | null {
  const c = (x as { confidence?: unknown }).confidence;
  return typeof c === 'string' && CONFIDENCES.includes(c) ? (c as Confidence) : null;
}

/** The explanation's verdict, read defensively. */
export function verdictOf(x: Explanation): CaseResult['verdict'] {
  const v = (x as { verdict?: unknown }).verdict;
  if (!v || typeof v !== 'object') return null;
  const o = v as { kind?: unknown; node_id?: unknown; summary?: unknown };
  if (typeof o.kind !== 'string' || !VERDICT_KINDS.includes(o.kind)) return null;
  return { kind: o.kind as VerdictKind, node_id: typeof o.node_id === 'string' ? o.node_id : null, summary: typeof o.summary === 'string' ? o.summary : '' };
}

/**
 * Writes the corpus's log files (corpusLogFiles) into `dir` and returns the file source that
 * reads them, as a workspace's configured log folder would.
 */
export function corpusLogSource(corpus: CulpritCorpus, dir: string): LogSource {
  for (const f of corpusLogFiles(corpus)) {
    const abs = join(dir, ...f.path.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, f.content);
  }
  return new FileLogSource([dir], dir);
}

/**
 * Explains every labelled failure on one source; with `logs`, each run's correlated error
 * lines are read from them first and feed the verdict (as the RCA note does).
 */
export async function evaluateCorpus(a: Analyses, cases: readonly LabelledCase[], logs?: readonly LogSource[]): Promise<{ results: CaseResult[]; explanations: Explanation[] }> {
  const results: CaseResult[] = [];
  const explanations: Explanation[] = [];
  for (const c of cases) {
    let options = {};
    if (logs) {
      const run = await a.run(c.failed_run_id);
      if (!run) throw new Error(`run ${c.failed_run_id} is not in the database`);
      options = { logErrors: errorTexts((await collectRunLogs(runLogQuery(run, DEFAULT_MARGIN_MINUTES), logs)).lines) };
    }
    const x = await a.explain(c.failed_run_id, options);
    explanations.push(x);
    const i = c.culprit_node_id === null ? -1 : x.candidates.findIndex((k) => k.node_id === c.culprit_node_id);
    const rank = i < 0 ? null : i + 1;
    const confidence = confidenceOf(x);
    results.push({
      ...c,
      source: a.kind,
      rank,
      candidates: x.candidates.length,
      top: x.candidates[0]?.node_name ?? '',
      topEvidence: (x.candidates[0]?.evidence ?? []).map((e) => e.signal),
      confidence,
      verdict: verdictOf(x),
      confidentWrong: confidence === 'strong' && (c.expected === 'no_input' || rank !== 1),
    });
  }
  return { results, explanations };
}

function summarize(kind: KindSummary['kind'], r: readonly CaseResult[]): KindSummary {
  const n = (f: (x: CaseResult) => boolean): number => r.filter(f).length;
  return {
    kind,
    cases: r.length,
    top1: n((x) => x.rank === 1),
    top3: n((x) => x.rank !== null && x.rank <= 3),
    strong: n((x) => x.confidence === 'strong'),
    weak: n((x) => x.confidence === 'weak'),
    none: n((x) => x.confidence === 'none'),
    na: n((x) => x.confidence === null),
    confidentWrong: n((x) => x.confidentWrong),
    input: n((x) => x.verdict?.kind === 'input'),
    infrastructure: n((x) => x.verdict?.kind === 'infrastructure'),
    unknown: n((x) => x.verdict?.kind === 'unknown'),
  };
}

/** Per kind (in CASE_KINDS order), then over the culprit kinds, the no-input kinds and overall. */
export function summarizeResults(results: readonly CaseResult[]): KindSummary[] {
  const out: KindSummary[] = [];
  for (const kind of CASE_KINDS) {
    const r = results.filter((x) => x.kind === kind);
    if (r.length > 0) out.push(summarize(kind, r));
  }
  const culprit = results.filter((x) => x.expected === 'input');
  const noInput = results.filter((x) => x.expected === 'no_input');
  if (culprit.length > 0) out.push(summarize('culprit kinds', culprit));
  if (noInput.length > 0) out.push(summarize('no-input kinds', noInput));
  out.push(summarize('overall', results));
  return out;
}

function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`;
}

const frac = (n: number, d: number): string => `${n}/${d} (${pct(n, d)})`;

/** "strong/weak/none" counts, or n/a when the engine gives no confidence. */
function confidenceCell(s: KindSummary): string {
  if (s.na === s.cases) return 'n/a';
  return `${s.strong}/${s.weak}/${s.none}${s.na ? ` (+${s.na} n/a)` : ''}`;
}

function isNoInputRow(k: KindSummary['kind']): boolean {
  return k === 'no-input kinds' || (k !== 'overall' && k !== 'culprit kinds' && isNoInputKind(k));
}

/**
 * A Markdown table of the summaries of several runs (one group of columns per label): top-1
 * and top-3 (culprit kinds; – for failures no input caused and overall), confidence counts
 * strong/weak/none, verdict kinds input/infrastructure/unknown, and confident-wrong.
 */
export function summaryTable(runs: ReadonlyArray<{ label: string; summary: KindSummary[] }>): string {
  const head = `| kind | cases | ${runs.map((r) => `${r.label} top-1 | ${r.label} top-3 | ${r.label} strong/weak/none | ${r.label} verdict input/infra/unknown | ${r.label} confident-wrong`).join(' | ')} |`;
  const sep = `| --- | ---: | ${runs.map(() => '---: | ---: | ---: | ---: | ---:').join(' | ')} |`;
  const kinds = runs[0]?.summary.map((s) => s.kind) ?? [];
  const rows = kinds.map((k) => {
    const noInput = isNoInputRow(k);
    const cells = runs.map((r) => {
      const s = r.summary.find((x) => x.kind === k)!;
      const wrong = s.na === s.cases ? 'n/a' : String(s.confidentWrong);
      const verdicts = s.input + s.infrastructure + s.unknown === 0 ? 'n/a' : `${s.input}/${s.infrastructure}/${s.unknown}`;
      const tops = noInput || k === 'overall' ? '– | –' : `${frac(s.top1, s.cases)} | ${frac(s.top3, s.cases)}`;
      return `${tops} | ${confidenceCell(s)} | ${verdicts} | ${wrong}`;
    });
    const n = runs[0]!.summary.find((x) => x.kind === k)!.cases;
    const name = k === 'overall' || k === 'culprit kinds' || k === 'no-input kinds' ? `**${k}**` : k;
    return `| ${name} | ${n} | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

export interface Goal {
  goal: string;
  /** What was measured. */
  value: string;
  /** null: cannot be judged (the engine gives no confidence). */
  pass: boolean | null;
}

/** Issue 21's goals, judged on one run's results. */
export function goals(results: readonly CaseResult[]): Goal[] {
  const culprit = results.filter((x) => x.expected === 'input');
  const noInput = results.filter((x) => x.expected === 'no_input');
  const haveConfidence = results.every((x) => x.confidence !== null);
  const top1 = culprit.filter((x) => x.rank === 1).length;
  const top3 = culprit.filter((x) => x.rank !== null && x.rank <= 3).length;
  const notBlamed = noInput.filter((x) => x.confidence === 'weak' || x.confidence === 'none').length;
  const wrong = results.filter((x) => x.confidentWrong).length;
  const strong = culprit.filter((x) => x.confidence === 'strong').length;
  const judged = (ok: boolean): boolean | null => (haveConfidence ? ok : null);
  return [
    { goal: 'top-1 ≥ 90 % over all culprit kinds', value: frac(top1, culprit.length), pass: culprit.length > 0 && top1 >= 0.9 * culprit.length },
    { goal: 'top-3 100 % over all culprit kinds', value: frac(top3, culprit.length), pass: culprit.length > 0 && top3 === culprit.length },
    { goal: 'no-input failures not blamed (weak/none) ≥ 95 %', value: haveConfidence ? frac(notBlamed, noInput.length) : 'n/a', pass: judged(noInput.length > 0 && notBlamed >= 0.95 * noInput.length) },
    { goal: 'confident-wrong ≤ 1 in 100', value: haveConfidence ? `${wrong}/${results.length} (${pct(wrong, results.length)})` : 'n/a', pass: judged(wrong * 100 <= results.length) },
    { goal: 'strong on ≥ 80 % of culprit cases', value: haveConfidence ? frac(strong, culprit.length) : 'n/a', pass: judged(culprit.length > 0 && strong >= 0.8 * culprit.length) },
  ];
}

/** The goals as lines: `PASS  goal: value` (FAIL, or n/a when they cannot be judged). */
export function goalLines(label: string, results: readonly CaseResult[]): string[] {
  return [`${label}:`, ...goals(results).map((g) => `  ${g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.value}`)];
}

/** The cases a run got wrong, for reading: culprit not first, a confident wrong answer, or an input blamed for a no-input failure. */
export function misses(results: readonly CaseResult[]): string[] {
  const conf = (r: CaseResult): string => `${r.confidence ?? 'n/a'}${r.verdict ? ` ${r.verdict.kind}` : ''}`;
  return results
    .filter((r) => (r.expected === 'input' ? r.rank !== 1 || r.confidence === 'weak' || r.confidence === 'none' : r.confidentWrong || r.verdict?.kind === 'input'))
    .map((r) =>
      r.expected === 'input'
        ? `${r.source} ${r.kind}: culprit '${r.culprit_node_name}' ranked ${r.rank ?? 'absent'} of ${r.candidates} (${conf(r)}); first '${r.top}' [${r.topEvidence.join(', ')}]; reason: ${firstLine(r.fail_reason)}`
        : `${r.source} ${r.kind}: no input caused it, answered ${conf(r)} with '${r.top}' first [${r.topEvidence.join(', ')}]; reason: ${firstLine(r.fail_reason)}`,
    );
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}
