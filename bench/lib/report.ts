/** bench/results.md (committed), bench/data/results.json and bench/data/explain.md (generated, ignored) from the measurements. */
import type { ClicksOutput } from './clicks';
import { isFactSeqScan } from './clicks';
import type { StatementPlan } from './etlExplain';
import type { OursRun, PipeRun, RowByRowRun, Timed } from './etlBench';
import type { Increment } from './increment';
import type { Scale } from './source';
import { fmtInt, fmtMs, fmtSec, summarize } from './stats';

/** One incremental window of the growth series: the run, its activity, the WAL it wrote. */
export type WindowRun = OursRun & { increment: Increment; walBytes?: number };

export interface LayoutResult {
  layout: 'plain' | 'partitioned';
  /** The better of `fullRuns` (each into a new, empty reporting database). */
  full: OursRun;
  fullRuns: OursRun[];
  reload?: OursRun;
  fullRowByRow?: RowByRowRun;
  fullPipe?: PipeRun;
  facts: Record<string, number>;
  incremental: WindowRun[];
  /** The same activity with README's replica indexes on production (no forced scans). */
  incrementalIndexed?: WindowRun[];
  /** The same again, each window after a CHECKPOINT (as on a 15-minute schedule). */
  incrementalCheckpointed?: WindowRun[];
  /**
   * The same again with the reporting database's files read through before each window (all of
   * it in the OS page cache, at every scale: osCache.ts); absent where they cannot be read.
   */
  incrementalWarm?: WindowRun[];
  /** Share of the reporting database in the OS page cache before each series' first window. */
  osCache?: { backToBack: number | null; indexed: number | null; checkpointed: number | null; warm: number | null };
  incrementalRowByRow?: RowByRowRun;
  incrementalPipe?: PipeRun;
  /** Every statement of the first incremental window, explained (etlExplain.ts). */
  incrementalPlans?: StatementPlan[];
  /** The rows that explained window loaded. */
  incrementalPlanRows?: number;
  clicks: ClicksOutput;
}

export interface ScaleResult {
  scale: Scale;
  counts: Record<string, number>;
  seeded: boolean;
  seedMs: number;
  layouts: LayoutResult[];
}

export interface BenchResults {
  generatedAt: string;
  quick: boolean;
  machine: {
    cpus: number;
    cpuModel: string;
    memGb: number;
    node: string;
    postgres: string;
    settings: Record<string, string>;
    loadAverageAtStart: number;
    /** The kernel's proactive reclaim of idle memory (osCache.ts), when there is one. */
    reclaim?: string | null;
  };
  scales: ScaleResult[];
  durationSec: number;
}

const GOALS = {
  /** The incremental's time and target CPU across ×16 history (same activity per interval). */
  incrementalGrowth: 1.3,
  reloadVsFull: 1.5,
  clickP95StretchMs: 35,
  fullSec: 60,
  vsRowByRow: 20,
  vsPipe: 2,
  incrementalSec: 1,
  clickP95Ms: 50,
  memoryMb: 150,
};

function cpu(t: Timed): string {
  const load = Number.isFinite(t.load) ? ` (load ${t.load.toFixed(1)})` : '';
  if (!Number.isFinite(t.cpu.node)) return `–${load}`;
  return `${t.cpu.node.toFixed(1)} / ${t.cpu.source.toFixed(1)} / ${t.cpu.target.toFixed(1)}${load}`;
}

/** " (read in, written out)" of a statement's first execution; the second only where there were any. */
function inOut(read: number | undefined, written: number | undefined): string {
  if (read === undefined) return '';
  return ` (${fmtInt(read)}${written ? `, ${fmtInt(written)}` : ''})`;
}

function median(xs: number[]): number {
  return summarize(xs).p50;
}

/** The mean target-backend CPU seconds per run, and the median wall time, of a series of incrementals. */
function targetCpuPerRun(runs: readonly OursRun[]): number {
  return runs.reduce((a, x) => a + x.cpu.target, 0) / runs.length;
}
function medianMs(runs: readonly OursRun[]): number {
  return median(runs.map((x) => x.ms));
}

/** The scales whose plain layout ran incrementals. */
function incrementalScales(r: BenchResults): Array<{ s: ScaleResult; l: LayoutResult }> {
  return r.scales.map((s) => ({ s, l: plain(s) })).filter((x): x is { s: ScaleResult; l: LayoutResult } => !!x.l && x.l.incremental.length > 0);
}

function incStats(l: LayoutResult): { median: number; max: number; rows: number } {
  const ms = l.incremental.map((r) => r.ms);
  return { median: median(ms), max: Math.max(...ms), rows: median(l.incremental.map((r) => r.rows)) };
}

function plain(s: ScaleResult): LayoutResult | undefined {
  return s.layouts.find((l) => l.layout === 'plain');
}

function mark(ok: boolean): string {
  return ok ? 'met' : '**not met**';
}

/** Sequential scans that are the plan of choice, and why. */
const WHY: Record<string, string> = {
  'prod.scenarios':
    'by design: production has no index to order scenarios by their last run, so one pass over the runs (hash aggregate) chooses the page; the reporting schema answers from dim_scenario and an index',
};

const CLICK_ORDER = ['tree first page', 'search as you type', 'timeline', 'input snapshot', 'run diff', 'run diff of a failure, ranked', 'run-ID hover, cold', 'run-ID hover, warm'];

export function renderResults(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`# ClearSight RCA — performance${r.quick ? ' (quick run: small scale, not the reference figures)' : ''}`);
  out.push('');
  out.push(
    `Measured ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC by \`npm run bench${r.quick ? ' -- --quick' : ''}\` in ${fmtInt(r.durationSec)} s: ` +
      `${m.cpus} cores (${m.cpuModel}), ${m.memGb} GB, Node ${m.node}, PostgreSQL ${m.postgres} on the same machine, default settings ` +
      `(${Object.entries(m.settings).map(([k, v]) => `${k} ${v}`).join(', ')}). ` +
      `Load average at the start: ${m.loadAverageAtStart} (the machine is shared: wall times move with it; the CPU seconds beside them do not).` +
      (m.reclaim ? ` Memory: ${m.reclaim}, so a database's pages not touched for that long are read from the disk again (see "Incremental growth").` : ''),
  );
  out.push('');
  out.push('Scales: S = the stated 30-day capacity (`generateDemo({scenarios: 3000})`), S/4 and 4S the growth curve; each adds a 500-node model with a scenario and six runs, and a scenario with 1,000+ timeline events.');
  out.push('');
  out.push('| scale | scenarios | runs | saves | node calcs | events (derived) | reporting facts on disk |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of r.scales) {
    const p = plain(s);
    const mb = p ? p.facts.fact_scenario_events_mb + p.facts.fact_input_changes_mb + p.facts.fact_node_calculations_mb : NaN;
    out.push(
      `| ${s.scale.label} | ${fmtInt(s.counts.fc_scenario)} | ${fmtInt(s.counts.fc_scenario_run)} | ${fmtInt(s.counts.fc_scenario_node_data)} | ${fmtInt(s.counts.fc_scenario_node_calc)} | ${p ? fmtInt(p.facts.fact_scenario_events) : '–'} | ${fmtInt(mb)} MB |`,
    );
  }
  out.push('');

  // Goals
  const byKey = new Map(r.scales.map((s) => [s.scale.key, s]));
  const main = byKey.get('s') ?? r.scales[0];
  const big = byKey.get('4s');
  out.push('## Goals');
  out.push('');
  out.push('| goal | target | result | |');
  out.push('| --- | --- | --- | --- |');
  const mp = main ? plain(main) : undefined;
  if (main && mp) {
    const label = main.scale.label;
    out.push(`| full ETL of ${label} | ≤ ${GOALS.fullSec} s | ${fmtSec(mp.full.ms)} s | ${mark(mp.full.ms <= GOALS.fullSec * 1000)} |`);
    if (mp.fullRowByRow) {
      const x = mp.fullRowByRow.ms / mp.full.ms;
      out.push(`| full ETL vs row by row (${label}) | ≥ ${GOALS.vsRowByRow}× faster | ${x.toFixed(1)}× | ${mark(x >= GOALS.vsRowByRow)} |`);
    }
    if (mp.fullPipe) {
      const x = mp.full.ms / mp.fullPipe.ms;
      out.push(`| full ETL vs COPY pipe (${label}) | ≤ ${GOALS.vsPipe}× | ${x.toFixed(2)}× | ${mark(x <= GOALS.vsPipe)} |`);
    }
    const inc = incStats(mp);
    out.push(`| incremental, 15 min of activity (${label}) | ≤ ${GOALS.incrementalSec} s | ${fmtSec(inc.median)} s (median of ${mp.incremental.length}; max ${fmtSec(inc.max)} s) | ${mark(inc.median <= GOALS.incrementalSec * 1000)} |`);
    for (const s of [main, big].filter((x): x is ScaleResult => !!x)) {
      for (const l of s.layouts) {
        const worst = [...l.clicks.results].sort((a, b) => b.summary.p95 - a.summary.p95)[0];
        const rep = l.clicks.results.filter((c) => c.source === 'reporting').sort((a, b) => b.summary.p95 - a.summary.p95)[0];
        const tag = `${s.scale.label}${l.layout === 'partitioned' ? ' partitioned' : ''}`;
        if (rep) out.push(`| every per-click query p95, reporting (${tag}) | ≤ ${GOALS.clickP95Ms} ms | worst: ${rep.click} ${fmtMs(rep.summary.p95)} ms | ${mark(rep.summary.p95 <= GOALS.clickP95Ms)} |`);
        if (worst && worst.source === 'prod') out.push(`| every per-click query p95, production directly (${tag}) | ≤ ${GOALS.clickP95Ms} ms | worst: ${worst.click} ${fmtMs(worst.summary.p95)} ms | ${mark(worst.summary.p95 <= GOALS.clickP95Ms)} |`);
        else if (l.layout === 'plain') {
          const prod = l.clicks.results.filter((c) => c.source === 'prod').sort((a, b) => b.summary.p95 - a.summary.p95)[0];
          if (prod) out.push(`| every per-click query p95, production directly (${tag}) | ≤ ${GOALS.clickP95Ms} ms | worst: ${prod.click} ${fmtMs(prod.summary.p95)} ms | ${mark(prod.summary.p95 <= GOALS.clickP95Ms)} |`);
        }
      }
    }
    out.push(`| engine memory growth while serving (${label}) | ≤ ${GOALS.memoryMb} MB | ${mp.clicks.memory.growthMb} MB RSS | ${mark(mp.clicks.memory.growthMb <= GOALS.memoryMb)} |`);
  }
  out.push(...growthGoals(r));
  out.push('');

  // ETL
  out.push('## ETL');
  out.push('');
  out.push('Full = `etl --full` into an empty reporting schema (the first load); reload = `etl --full` again over the loaded schema (readers keep the old rows until it commits). CPU seconds: node / source backend / target backend, and the machine\'s 1-minute load average when the run started (2 cores: above 2, other processes were competing).');
  out.push('');
  out.push('| scale | run | time | rows | rows/s | CPU s (node / source / target) | ours ÷ COPY pipe | row by row ÷ ours |');
  out.push('| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |');
  for (const s of r.scales) {
    for (const l of s.layouts) {
      const tag = `${s.scale.label}${l.layout === 'partitioned' ? ' (partitioned facts)' : ''}`;
      const pipeRatio = l.fullPipe ? `${(l.full.ms / l.fullPipe.ms).toFixed(2)}×` : '';
      const rbrRatio = l.fullRowByRow ? `${(l.fullRowByRow.ms / l.full.ms).toFixed(1)}×` : '';
      const others = l.fullRuns.length > 1 ? ` (best of ${l.fullRuns.length}: ${l.fullRuns.map((x) => fmtSec(x.ms)).join(', ')} s)` : '';
      out.push(`| ${tag} | **full (ours)**${others} | ${fmtSec(l.full.ms)} s | ${fmtInt(l.full.rows)} | ${fmtInt(l.full.rowsPerSec)} | ${cpu(l.full)} | ${pipeRatio} | ${rbrRatio} |`);
      if (l.fullPipe) out.push(`| | COPY pipe | ${fmtSec(l.fullPipe.ms)} s | ${fmtInt(l.fullPipe.rows)} | ${fmtInt(l.fullPipe.rowsPerSec)} | ${cpu(l.fullPipe)} | | |`);
      if (l.fullRowByRow) {
        const r = l.fullRowByRow;
        const perRow = (ms: number): string => `${((ms / r.rowsInserted) * 1000).toFixed(0)} µs`;
        const bounds = r.insertFullMs !== undefined ? `; per row ${perRow(r.insertMs)} into empty tables, ${perRow(r.insertFullMs)} into full-size ones: the mean` : '';
        const ex = r.extrapolated ? ` (extrapolated from ${fmtInt(r.rowsInserted)} rows, ${(r.fraction * 100).toFixed(1)} %${bounds})` : '';
        out.push(`| | row by row${ex} | ${fmtSec(l.fullRowByRow.ms)} s | ${fmtInt(l.fullRowByRow.rows)} | ${fmtInt(l.fullRowByRow.rowsPerSec)} | ${cpu(l.fullRowByRow)} | | |`);
      }
      if (l.reload) out.push(`| | full again (reload) | ${fmtSec(l.reload.ms)} s | ${fmtInt(l.reload.rows)} | ${fmtInt(l.reload.rowsPerSec)} | ${cpu(l.reload)} | | |`);
      if (l.incremental.length > 0) {
        const inc = incStats(l);
        const first = l.incremental[0];
        const pipeRatio2 = l.incrementalPipe ? `${(first.ms / l.incrementalPipe.ms).toFixed(2)}×` : '';
        const rbrRatio2 = l.incrementalRowByRow ? `${(l.incrementalRowByRow.ms / first.ms).toFixed(1)}×` : '';
        const i = first.increment;
        out.push(
          `| | **incremental (ours)**, 15 min: ${i.saves} saves, ${i.runs} runs, ${i.calcs} calcs, ${i.finishedOpenRuns} open runs ending | ${fmtSec(inc.median)} s (median of ${l.incremental.length}, max ${fmtSec(inc.max)}) | ${fmtInt(inc.rows)} | ${fmtInt(inc.rows / (inc.median / 1000))} | ${cpu(first)} | ${pipeRatio2} | ${rbrRatio2} |`,
        );
        if (l.incrementalPipe) out.push(`| | COPY pipe, same window | ${fmtSec(l.incrementalPipe.ms)} s | ${fmtInt(l.incrementalPipe.rows)} | ${fmtInt(l.incrementalPipe.rowsPerSec)} | ${cpu(l.incrementalPipe)} | | |`);
        if (l.incrementalRowByRow) out.push(`| | row by row, same window | ${fmtSec(l.incrementalRowByRow.ms)} s | ${fmtInt(l.incrementalRowByRow.rows)} | ${fmtInt(l.incrementalRowByRow.rowsPerSec)} | ${cpu(l.incrementalRowByRow)} | | |`);
      }
    }
  }
  out.push('');
  out.push('Ratios for the incremental rows compare the first incremental run with the references on its window.');
  out.push('');

  // Clicks
  out.push('## Per-click latency (query + transform), p50 / p95 ms');
  out.push('');
  const cols: Array<{ s: ScaleResult; l: LayoutResult }> = [];
  for (const s of r.scales) for (const l of s.layouts) cols.push({ s, l });
  const n = cols[0]?.l.clicks.results[0]?.summary.n ?? 0;
  out.push(`${n} samples per click (each after one untimed call, except the cold hover: a different run each time). Reporting = the star schema (the default source); production = the source tables directly, with only their documented indexes.`);
  out.push('');
  out.push(`| click | source | ${cols.map((c) => `${c.s.scale.label}${c.l.layout === 'partitioned' ? ' partitioned' : ''}`).join(' | ')} |`);
  out.push(`| --- | --- | ${cols.map(() => '---:').join(' | ')} |`);
  for (const click of CLICK_ORDER) {
    for (const source of ['reporting', 'prod'] as const) {
      const cells = cols.map((c) => {
        const x = c.l.clicks.results.find((y) => y.click === click && y.source === source);
        if (!x) return '';
        const cell = `${fmtMs(x.summary.p50)} / ${fmtMs(x.summary.p95)}`;
        return x.summary.p95 > GOALS.clickP95Ms ? `**${cell}**` : cell;
      });
      if (cells.every((c) => c === '')) continue;
      const detail = cols.map((c) => c.l.clicks.results.find((y) => y.click === click))[0]?.detail ?? '';
      out.push(`| ${click}${source === 'reporting' && detail ? ` (${detail})` : ''} | ${source === 'prod' ? 'production' : 'reporting'} | ${cells.join(' | ')} |`);
    }
  }
  out.push('');
  out.push(`Bold: above the ${GOALS.clickP95Ms} ms p95 goal.`);
  out.push('');

  // Memory
  out.push('## Engine memory while serving');
  out.push('');
  out.push('RSS of a process that only opens the engine (both connections) and serves every click above, all samples, both sources: growth = peak − the RSS after the first query.');
  out.push('');
  out.push('| scale | baseline RSS | peak RSS | growth | heap used at the end |');
  out.push('| --- | ---: | ---: | ---: | ---: |');
  for (const c of cols) {
    const mm = c.l.clicks.memory;
    out.push(`| ${c.s.scale.label}${c.l.layout === 'partitioned' ? ' partitioned (reporting only)' : ''} | ${mm.baselineRssMb} MB | ${mm.peakRssMb} MB | ${mm.growthMb} MB | ${mm.heapUsedMb} MB |`);
  }
  out.push('');

  // Growth
  if (r.scales.length > 1) {
    out.push('## Growth');
    out.push('');
    const base = r.scales[0];
    const bp = plain(base)!;
    out.push(`Each figure relative to ${base.scale.label} (rows ×${r.scales.map((s) => (s.counts.fc_scenario_node_calc / base.counts.fc_scenario_node_calc).toFixed(1)).join(', ×')}).`);
    out.push('');
    out.push(`| figure | ${r.scales.map((s) => s.scale.label).join(' | ')} |`);
    out.push(`| --- | ${r.scales.map(() => '---:').join(' | ')} |`);
    const row = (name: string, f: (l: LayoutResult) => number, unit: (x: number) => string): void => {
      out.push(`| ${name} | ${r.scales.map((s) => { const l = plain(s)!; const v = f(l); return `${unit(v)} (×${(v / f(bp)).toFixed(1)})`; }).join(' | ')} |`);
    };
    row('full ETL time', (l) => l.full.ms, (x) => `${fmtSec(x)} s`);
    row('full ETL CPU s (all processes)', (l) => l.full.cpu.node + l.full.cpu.source + l.full.cpu.target, (x) => x.toFixed(1));
    row('incremental (median)', (l) => incStats(l).median, (x) => `${fmtSec(x)} s`);
    for (const click of ['timeline', 'input snapshot', 'run diff', 'run-ID hover, warm', 'tree first page']) {
      row(`${click} p95, reporting`, (l) => l.clicks.results.find((c) => c.click === click && c.source === 'reporting')?.summary.p95 ?? NaN, (x) => `${fmtMs(x)} ms`);
    }
    out.push('');
  }

  out.push(...renderIncrementalGrowth(r));

  // Partition pruning
  const partCols = cols.filter((c) => c.l.layout === 'partitioned');
  if (partCols.length > 0) {
    out.push('## Partition pruning (partitioned facts)');
    out.push('');
    out.push('Monthly partitions each per-scenario statement read, from its `EXPLAIN (ANALYZE)`: skipped = "never executed" (pruned while running, from the exact time bounds the statements carry). The generated data spans two months (October and November 2026). The probe is a scenario created in November, explained once.');
    out.push('');
    out.push('| scale | click | statement | partitions read | skipped at run time |');
    out.push('| --- | --- | --- | --- | --- |');
    for (const c of partCols) {
      for (const e of c.l.clicks.explains) {
        if (!/^reporting\.(timeline|changes|snapshot|calcs)$/.test(e.name)) continue;
        const p = e.partitions;
        out.push(`| ${c.s.scale.label} | ${e.click} | \`${e.name}\` | ${p.read.join(', ') || '–'} | ${p.skipped.join(', ') || '–'}${p.removed ? ` (+${p.removed} removed at start)` : ''} |`);
      }
    }
    out.push('');
  }

  // Explain summary
  out.push('## Plans');
  out.push('');
  const flagged: string[] = [];
  for (const c of cols) {
    for (const e of c.l.clicks.explains) {
      const facts = e.seqScans.filter(isFactSeqScan);
      if (facts.length > 0) {
        flagged.push(
          `| ${c.s.scale.label}${c.l.layout === 'partitioned' ? ' partitioned' : ''} | ${e.source} | ${e.click} | \`${e.name}\` | ${[...new Set(facts)].join(', ')} | ${fmtMs(e.executionMs)} | ${WHY[e.name] ?? ''} |`,
        );
      }
    }
  }
  out.push('`EXPLAIN (ANALYZE, BUFFERS)` of every statement of every click, per scale and source: `bench/data/explain.md`, written by `npm run bench` (generated, not committed).');
  out.push('');
  if (flagged.length === 0) out.push('No sequential scan over a fact table in any click.');
  else {
    out.push('Sequential scans over fact-sized tables that remain:');
    out.push('');
    out.push('| scale | source | click | statement | tables | execution ms | why |');
    out.push('| --- | --- | --- | --- | --- | ---: | --- |');
    out.push(...flagged);
  }
  out.push('');
  return out.join('\n');
}

/** The statement's line in the growth table: production's reads apart (what its indexes force). */
function statementLabel(p: StatementPlan): string {
  return `${p.side === 'source' ? 'production' : 'reporting'} \`${p.name}\``;
}

/** Issue 26's goals: the incremental's growth across the scales, its COPY floor, the reload, the clicks with margin. */
function growthGoals(r: BenchResults): string[] {
  const rows = incrementalScales(r);
  if (rows.length < 2) return [];
  const out: string[] = [];
  const first = rows[0];
  const last = rows[rows.length - 1];
  const span = `${first.s.scale.label} → ${last.s.scale.label}`;
  const g = GOALS.incrementalGrowth;
  /** A series' growth from the first scale to the last: `f` of its windows (time, target CPU), ≤ ×g. */
  const growth = (what: string, series: (l: LayoutResult) => WindowRun[] | undefined, f: (runs: WindowRun[]) => number, fmt: (v: number) => string): void => {
    const a = series(first.l);
    const b = series(last.l);
    if (!a?.length || !b?.length) return;
    const x = f(a);
    const y = f(b);
    out.push(`| incremental ${what} | ≤ ×${g} | ×${(y / x).toFixed(2)} (${fmt(x)} → ${fmt(y)} s) | ${mark(y / x <= g)} |`);
  };
  const cpu3 = (v: number): string => v.toFixed(3);
  growth(`time growth ${span} (replica indexes: no forced scans)`, (l) => l.incrementalIndexed, medianMs, fmtSec);
  growth(`time growth ${span} (replica indexes, each window after a checkpoint: a 15-minute schedule)`, (l) => l.incrementalCheckpointed, medianMs, fmtSec);
  growth(`target CPU growth ${span} (documented indexes only, back to back)`, (l) => l.incremental, targetCpuPerRun, cpu3);
  growth(`target CPU growth ${span} (each window after a checkpoint: a 15-minute schedule)`, (l) => l.incrementalCheckpointed, targetCpuPerRun, cpu3);
  growth(`time growth ${span} (replica indexes, the reporting database in the OS cache at every scale)`, (l) => l.incrementalWarm, medianMs, fmtSec);
  growth(`target CPU growth ${span} (the reporting database in the OS cache at every scale)`, (l) => l.incrementalWarm, targetCpuPerRun, cpu3);
  const t0 = medianMs(last.l.incremental) / medianMs(first.l.incremental);
  out.push(`| incremental time growth ${span} (documented indexes only: with production's forced scans) | – | ×${t0.toFixed(2)} | measured |`);
  const pipes = rows.filter((x) => x.l.incrementalPipe).map((x) => x.l.incremental[0].ms / x.l.incrementalPipe!.ms);
  if (pipes.length) out.push(`| incremental ÷ COPY pipe of the window, every scale | ≤ ${GOALS.vsPipe}× | ${pipes.map((x) => `${x.toFixed(2)}×`).join(' / ')} | ${mark(pipes.every((x) => x <= GOALS.vsPipe))} |`);
  for (const { s, l } of rows) {
    if (l.reload) out.push(`| full reload ÷ first load (${s.scale.label}) | ≤ ${GOALS.reloadVsFull}× | ${(l.reload.ms / l.full.ms).toFixed(2)}× | ${mark(l.reload.ms / l.full.ms <= GOALS.reloadVsFull)} |`);
  }
  for (const { s, l } of rows.filter((x) => x.s.scale.key === 's' || x.s.scale.key === '4s')) {
    const worst = [...l.clicks.results].sort((a, b) => b.summary.p95 - a.summary.p95)[0];
    if (worst) out.push(`| every click p95 with margin (${s.scale.label}, both sources) | ≤ ${GOALS.clickP95StretchMs} ms | worst: ${worst.click}, ${worst.source === 'prod' ? 'production' : 'reporting'} ${fmtMs(worst.summary.p95)} ms | ${mark(worst.summary.p95 <= GOALS.clickP95StretchMs)} |`);
  }
  return out;
}

/** The incremental at each scale (same activity per interval): time, target CPU, the COPY floor, the reload, the clicks; then statement by statement. */
function renderIncrementalGrowth(r: BenchResults): string[] {
  const out: string[] = [];
  const rows = incrementalScales(r);
  if (rows.length === 0) return out;
  const base = rows[0];
  out.push('## Incremental growth (same activity per interval)');
  out.push('');
  out.push(
    `Each window is 15 minutes of S's activity (${base.l.incremental[0].increment.saves} saves, ${base.l.incremental[0].increment.runs} runs with their calcs, a new scenario, half the open runs ending) over S/4, S or 4S of history, in steady state: one window of S's activity is loaded first and not measured, so that no measured window re-reads the generator's own last minutes (the scale's activity, not S's): each measured window's overlap is the previous window. ` +
      `Goals: time and target CPU within ×${GOALS.incrementalGrowth} across ×16 history, within ${GOALS.vsPipe}× a COPY pipe of the same window, a reload ≤ ${GOALS.reloadVsFull}× the first load, clicks p95 ≤ ${GOALS.clickP95StretchMs} ms. Target CPU is the reporting backend's CPU seconds over the ${base.l.incremental.length} runs (mean per run): the figure the machine's load does not move.`,
  );
  out.push('');
  out.push(
    'The first columns read production with only its documented indexes; the next two read the same activity again (windows after them) with the indexes README\'s limits name for production or a read replica (`created_at`, `end_at` of the saves, `run_at`, `run_complete_at` of the runs), where production\'s forced scans are gone: the time goal is judged there, the forced scans on their own line. The next reads the same activity once more with a `CHECKPOINT` before each window, as on a 15-minute schedule (checkpoint_timeout is 5 minutes, so one always falls between two runs, and the first change to each page after it writes the whole page to the WAL); back to back, a window finds most of the pages it touches already written since the last checkpoint. The last reads it once more with the reporting database\'s files read through before each window (osCache.ts), so that every scale finds all of its pages in the OS page cache: a page PostgreSQL reads in (not in its 128 MB of shared buffers) then costs microseconds at every scale, where otherwise the pages a small history keeps warm between windows come from memory and those of a large one may come from the disk. In brackets under each series: the share of the reporting database in the OS page cache before its first window (`fincore`). WAL: bytes between the window\'s first and last statement (`pg_current_wal_lsn`), median.',
  );
  out.push('');
  out.push('| scale | incremental (median) | production\'s forced scans (EXPLAIN ms) | target CPU s per run | with replica indexes (median) | its target CPU s per run | the same after a checkpoint (median) | its target CPU s per run | the same, the database in the OS cache (median) | its target CPU s per run | WAL MB per window (back to back / after a checkpoint) | ÷ COPY pipe of the window | reload ÷ first load | worst click p95 (reporting / production) |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  // Production's reads that its documented indexes leave as sequential scans (no index on the times they filter on).
  const forced = (l: LayoutResult): string => {
    const p = (l.incrementalPlans ?? []).filter((x) => x.side === 'source' && x.seqScans.some((t) => t.startsWith('fc_scenario')));
    return p.length ? `${fmtMs(p.reduce((a, x) => a + x.ms, 0))} (${p.map((x) => `${x.name.replace('etl.', '')} ${fmtMs(x.ms)}`).join(', ')})` : '–';
  };
  const cpuPerRun = (l: LayoutResult): number => targetCpuPerRun(l.incremental);
  const cached = (share: number | null | undefined): string => (share === null || share === undefined ? '' : ` [${Math.round(share * 100)} %]`);
  for (const { s, l } of rows) {
    const inc = incStats(l);
    const ratio = (v: number, b: number): string => (s === base.s ? '' : ` (×${(v / b).toFixed(2)})`);
    /** A series' two cells: median time (× the first scale's, [share of the database in the page cache before it]) and target CPU per run. */
    const series = (runs: WindowRun[] | undefined, baseRuns: WindowRun[] | undefined, share: number | null | undefined): string => {
      if (!runs?.length || !baseRuns?.length) return '– | –';
      const t = medianMs(runs);
      const c = targetCpuPerRun(runs);
      return `${fmtSec(t)} s${ratio(t, medianMs(baseRuns))}${cached(share)} | ${c.toFixed(3)}${ratio(c, targetCpuPerRun(baseRuns))}`;
    };
    const pipe = l.incrementalPipe ? `${(l.incremental[0].ms / l.incrementalPipe.ms).toFixed(2)}×` : '–';
    const wal = (runs?: WindowRun[]): string => {
      const b = (runs ?? []).map((x) => x.walBytes).filter((x): x is number => x !== undefined);
      return b.length ? (median(b) / 1048576).toFixed(1) : '–';
    };
    const reload = l.reload ? `${(l.reload.ms / l.full.ms).toFixed(2)}× (${fmtSec(l.reload.ms)} s / ${fmtSec(l.full.ms)} s)` : '–';
    const worst = (src: 'reporting' | 'prod'): string => {
      const w = l.clicks.results.filter((c) => c.source === src).sort((a, b) => b.summary.p95 - a.summary.p95)[0];
      return w ? `${fmtMs(w.summary.p95)} ms` : '–';
    };
    out.push(
      `| ${s.scale.label} | ${fmtSec(inc.median)} s${ratio(inc.median, incStats(base.l).median)}${cached(l.osCache?.backToBack)} | ${forced(l)} | ${cpuPerRun(l).toFixed(3)}${ratio(cpuPerRun(l), cpuPerRun(base.l))} | ${series(l.incrementalIndexed, base.l.incrementalIndexed, l.osCache?.indexed)} | ${series(l.incrementalCheckpointed, base.l.incrementalCheckpointed, l.osCache?.checkpointed)} | ${series(l.incrementalWarm, base.l.incrementalWarm, l.osCache?.warm)} | ${wal(l.incrementalIndexed)} / ${wal(l.incrementalCheckpointed)} | ${pipe} | ${reload} | ${worst('reporting')} / ${worst('prod')} |`,
    );
  }
  out.push('');
  const planned = rows.filter((x) => x.l.incrementalPlans);
  if (planned.length === 0) return out;
  out.push('### Statement by statement');
  out.push('');
  out.push(
    'Every statement of the first window, from its `EXPLAIN (ANALYZE, BUFFERS)` (bench/lib/etlExplain.ts: explained in a savepoint, the run rolled back): shared buffers touched (8 kB pages, hit or read) and rows its scans read, summed over its calls. Load-independent: the same window does the same work whatever else the machine runs. Production\'s reads are apart: a sequential scan there is what its documented indexes leave (no index on `run_at`, `created_at`, `updated_at`). In brackets: the pages of those PostgreSQL had to read in (not in its shared_buffers) and the dirty pages the statement\'s backend had to write out itself to make room for them (a comma, where there were any), and after them the execution ms, all of the statement\'s first execution (the plan shown in bench/data/explain.md is a second one): the same buffers cost more where more of them are read in, which the load does not explain but the size of the history does.',
  );
  out.push('');
  const keys = new Map<string, StatementPlan>();
  for (const { l } of planned) for (const p of l.incrementalPlans!) if (!keys.has(`${p.side} ${p.name}`)) keys.set(`${p.side} ${p.name}`, p);
  const last = planned[planned.length - 1];
  const find = (l: LayoutResult, k: string): StatementPlan | undefined => l.incrementalPlans!.find((p) => `${p.side} ${p.name}` === k);
  const order = [...keys.keys()].sort((a, b) => (find(last.l, b)?.buffers ?? 0) - (find(last.l, a)?.buffers ?? 0));
  out.push(`| statement | ${planned.map((x) => `${x.s.scale.label} buffers (read in, written out) / rows read / ms`).join(' | ')} | growth (buffers) | sequential scans |`);
  out.push(`| --- | ${planned.map(() => '---:').join(' | ')} | ---: | --- |`);
  for (const k of order) {
    const cells = planned.map(({ l }) => {
      const p = find(l, k);
      return p ? `${fmtInt(p.buffers)}${inOut(p.read, p.written)} / ${fmtInt(p.scanned)} / ${fmtMs(p.ms)}` : '–';
    });
    const a = find(planned[0].l, k)?.buffers ?? 0;
    const b = find(last.l, k)?.buffers ?? 0;
    const growth = planned.length > 1 && a > 0 ? `×${(b / a).toFixed(2)}` : '';
    const p = keys.get(k)!;
    const seq = [...new Set(planned.flatMap(({ l }) => find(l, k)?.seqScans ?? []))].join(', ');
    out.push(`| ${statementLabel(p)} | ${cells.join(' | ')} | ${growth} | ${seq} |`);
  }
  const total = (l: LayoutResult, side: string): number => l.incrementalPlans!.filter((p) => p.side === side).reduce((x, p) => x + p.buffers, 0);
  const sum = (l: LayoutResult, side: string, f: (p: StatementPlan) => number): number => l.incrementalPlans!.filter((p) => p.side === side).reduce((x, p) => x + f(p), 0);
  const totalCell = (l: LayoutResult, side: string): string =>
    `${fmtInt(total(l, side))}${l.incrementalPlans!.some((p) => p.read !== undefined) ? inOut(sum(l, side, (p) => p.read ?? 0), sum(l, side, (p) => p.written ?? 0)) : ''} / ${fmtMs(sum(l, side, (p) => p.ms))}`;
  out.push(`| **all reporting statements** (buffers (read in, written out) / ms) | ${planned.map(({ l }) => totalCell(l, 'target')).join(' | ')} | ${planned.length > 1 ? `×${(total(last.l, 'target') / total(planned[0].l, 'target')).toFixed(2)}` : ''} | |`);
  const perRow = (l: LayoutResult): number => total(l, 'target') / (l.incrementalPlanRows ?? NaN);
  out.push(
    `| **reporting buffers per row loaded** (${planned.map(({ l }) => fmtInt(l.incrementalPlanRows ?? NaN)).join(' / ')} rows) | ${planned.map(({ l }) => perRow(l).toFixed(1)).join(' | ')} | ${planned.length > 1 ? `×${(perRow(last.l) / perRow(planned[0].l)).toFixed(2)}` : ''} | |`,
  );
  out.push(`| **all production reads** (buffers (read in, written out) / ms) | ${planned.map(({ l }) => totalCell(l, 'source')).join(' | ')} | ${planned.length > 1 ? `×${(total(last.l, 'source') / total(planned[0].l, 'source')).toFixed(2)}` : ''} | |`);
  out.push('');
  return out;
}

export function renderExplain(r: BenchResults): string {
  const out: string[] = ['# Query plans of the per-click statements', '', `\`EXPLAIN (ANALYZE, BUFFERS)\` with the parameters of the measured clicks; ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`, ''];
  for (const s of r.scales) {
    for (const l of s.layouts) {
      out.push(`## ${s.scale.label}${l.layout === 'partitioned' ? ' — partitioned facts' : ''}`);
      out.push('');
      for (const e of l.clicks.explains) {
        const facts = e.seqScans.filter(isFactSeqScan);
        out.push(`<details><summary>${e.source} · ${e.click} · <code>${e.name}</code> · ${fmtMs(e.executionMs)} ms${facts.length ? ` · seq scan: ${[...new Set(facts)].join(', ')}` : ''}</summary>`);
        out.push('');
        out.push('```');
        out.push(e.plan);
        out.push('```');
        out.push('');
        out.push('</details>');
        out.push('');
      }
      if (l.incrementalPlans) {
        out.push(`### ${s.scale.label}: the incremental's statements (first window)`);
        out.push('');
        for (const p of l.incrementalPlans) {
          out.push(`<details><summary>${p.side === 'source' ? 'production' : 'reporting'} · <code>${p.name}</code> · ${p.calls} call(s) · ${fmtInt(p.buffers)} buffers · ${fmtMs(p.ms)} ms</summary>`);
          out.push('');
          out.push('```');
          out.push(p.plan);
          out.push('```');
          out.push('');
          out.push('</details>');
          out.push('');
        }
      }
    }
  }
  return out.join('\n');
}
