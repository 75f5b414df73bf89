/**
 * Runs the culprit ranking over the labelled corpus (./culpritCorpus) on a database: seeds the
 * source tables, loads the reporting schema with the ETL, explains every failed run on both
 * sources and reports where the culprit ranked (top-1 / top-3 per kind and overall).
 */
import type { Db } from '../db/db';
import { seedChunks } from '../demo/seed';
import type { DemoData } from '../demo/rows';
import type { Analyses} from '../engine/analyses';
import { type SourceKind } from '../engine/analyses';
import { runEtl } from '../etl/etl';
import type { Explanation } from '../core/types';
import { CASE_KINDS, type CaseKind, type CulpritCorpus, type LabelledCase } from './culpritCorpus';

export interface CaseResult extends LabelledCase {
  source: SourceKind;
  /** 1-based place of the culprit in the ranking (null when it is not a candidate). */
  rank: number | null;
  candidates: number;
  top: string;
  topEvidence: string[];
}

export interface KindSummary {
  kind: CaseKind | 'overall';
  cases: number;
  top1: number;
  top3: number;
}

/** Creates the source tables and loads the corpus (one transaction), then the reporting schema. */
/**
 * Writes the corpus's source tables through `db`, then loads the reporting schema: into the
 * same database, or from `etl.source` (production, read-only) into `etl.target` (another one).
 */
export async function loadCorpus(db: Db, corpus: CulpritCorpus, etl: { source: Db; target: Db } = { source: db, target: db }): Promise<void> {
  const rows = { ...corpus, stories: undefined } as unknown as DemoData;
  await seedChunks(db, [rows]);
  await runEtl({ source: etl.source, target: etl.target, mode: 'full' });
}

/** Explains every labelled failure on one source. */
export async function evaluateCorpus(a: Analyses, cases: readonly LabelledCase[]): Promise<{ results: CaseResult[]; explanations: Explanation[] }> {
  const results: CaseResult[] = [];
  const explanations: Explanation[] = [];
  for (const c of cases) {
    const x = await a.explain(c.failed_run_id);
    explanations.push(x);
    const i = x.candidates.findIndex((k) => k.node_id === c.culprit_node_id);
    results.push({
      ...c,
      source: a.kind,
      rank: i < 0 ? null : i + 1,
      candidates: x.candidates.length,
      top: x.candidates[0]?.node_name ?? '',
      topEvidence: (x.candidates[0]?.evidence ?? []).map((e) => e.signal),
    });
  }
  return { results, explanations };
}

/** Top-1 and top-3 counts per kind (in CASE_KINDS order) and overall. */
export function summarizeResults(results: readonly CaseResult[]): KindSummary[] {
  const out: KindSummary[] = [];
  for (const kind of CASE_KINDS) {
    const r = results.filter((x) => x.kind === kind);
    if (r.length === 0) continue;
    out.push({ kind, cases: r.length, top1: r.filter((x) => x.rank === 1).length, top3: r.filter((x) => x.rank !== null && x.rank <= 3).length });
  }
  out.push({ kind: 'overall', cases: results.length, top1: results.filter((x) => x.rank === 1).length, top3: results.filter((x) => x.rank !== null && x.rank <= 3).length });
  return out;
}

function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`;
}

/** A Markdown table of the summaries of several runs (columns: one per label). */
export function summaryTable(runs: ReadonlyArray<{ label: string; summary: KindSummary[] }>): string {
  const head = `| kind | cases | ${runs.map((r) => `${r.label} top-1 | ${r.label} top-3`).join(' | ')} |`;
  const sep = `| --- | ---: | ${runs.map(() => '---: | ---:').join(' | ')} |`;
  const kinds = runs[0]?.summary.map((s) => s.kind) ?? [];
  const rows = kinds.map((k) => {
    const cells = runs.map((r) => {
      const s = r.summary.find((x) => x.kind === k)!;
      return `${s.top1}/${s.cases} (${pct(s.top1, s.cases)}) | ${s.top3}/${s.cases} (${pct(s.top3, s.cases)})`;
    });
    const n = runs[0]!.summary.find((x) => x.kind === k)!.cases;
    return `| ${k === 'overall' ? '**overall**' : k} | ${n} | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

/** The cases a run missed (culprit not first), for reading. */
export function misses(results: readonly CaseResult[]): string[] {
  return results
    .filter((r) => r.rank !== 1)
    .map((r) => `${r.source} ${r.kind}: culprit '${r.culprit_node_name}' ranked ${r.rank ?? 'absent'} of ${r.candidates}; first '${r.top}' [${r.topEvidence.join(', ')}]; reason: ${r.fail_reason}`);
}
