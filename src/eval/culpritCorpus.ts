/**
 * A labelled evaluation corpus for the culprit ranking (not the demo stories): models with a
 * history of ordinary saves and successful runs, then failed scenarios in which a forecaster
 * edited several inputs between the last success and the failure, exactly one of them the
 * cause. Seeded and deterministic; the labels say which input caused each failure.
 *
 * Kinds (each failed scenario has one):
 *   culprit_last        the culprit is the last edit before the run
 *   culprit_first       the culprit is the first edit; benign edits follow it
 *   reason_names_input  the fail reason names the input (quotes, case, unicode, and names
 *                       that are part of other names: `Share` vs `Peak share`)
 *   reason_names_key    the fail reason names a JSON key only the culprit's change touched
 *   anomalous_value     a value unlike the node's history (×1000, 0, negative, empty list,
 *                       null, text for a number) with a generic reason naming a calc node
 *   timeout_growth      an input's list grew by a large factor; the run timed out
 *   same_signature      three scenarios of one model fail with one error signature after
 *                       the same input was pasted into each
 *   locality            the culprit is in the failed calc's node group; a benign edit
 *                       elsewhere is a bigger relative change
 * Every failed scenario has 2–6 benign edits of plausible values (within the node's usual
 * range), some of them bigger relative changes than the culprit's.
 */
import { Rng } from '../demo/random';
import type { ModelInfo, NodeInfo } from '../demo/catalogue';
import type { DemoData, FcModelNodeRow, FcModelRow } from '../demo/rows';
import { ScenarioBuilder, type Window } from '../demo/scenarioBuilder';
import { US_DAY, US_MINUTE, US_SECOND } from '../demo/time';
import { initialValue, mutateValue } from '../demo/values';

export const CASE_KINDS = [
  'culprit_last',
  'culprit_first',
  'reason_names_input',
  'reason_names_key',
  'anomalous_value',
  'timeout_growth',
  'same_signature',
  'locality',
] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export interface LabelledCase {
  kind: CaseKind;
  scenario_id: string;
  scenario_name: string;
  last_success_run_id: string;
  failed_run_id: string;
  culprit_node_id: string;
  culprit_node_name: string;
  /** How many benign inputs were edited besides the culprit. */
  benign_edits: number;
  fail_reason: string;
}

/** The source rows (as the demo generator makes them). */
export type CorpusRows = Omit<DemoData, 'stories'>;

export interface CulpritCorpus extends CorpusRows {
  cases: LabelledCase[];
}

export interface CorpusOptions {
  seed?: number;
  /** Failed scenarios per kind (same_signature rounds up to whole groups of three). Default 8. */
  perKind?: number;
  /** Models (default 3). */
  models?: number;
  /** Ordinary scenarios per model that make up the history (default 30). */
  historyScenarios?: number;
}

type Template = NodeInfo['template'];

const T = (t: Template): Template => t;
/** A calculation node: how long it takes, in seconds (min, max). */
const calc = (name: string, group: string, secs: [number, number]): Template => T({ name, type: 'calculation', group, secs });

/** The inputs and calculations of every corpus model (realistic names, some deliberately close). */
const CATALOG: readonly Template[] = [
  T({ name: 'Eligible population', type: 'input', group: 'Epidemiology', shape: 'valueUnit', range: [18000, 95000], dp: 0, unit: 'patients' }),
  T({ name: 'Prévalence (‰)', type: 'input', group: 'Epidemiology', shape: 'scalar', range: [0.4, 9], dp: 2 }),
  T({ name: 'Diagnosis rate', type: 'input', group: 'Epidemiology', shape: 'scalar', range: [0.4, 0.95], dp: 3 }),
  T({ name: 'Age distribution', type: 'input', group: 'Epidemiology', shape: 'ageBands' }),
  T({ name: 'Incidence by year', type: 'input', group: 'Epidemiology', shape: 'yearly', range: [1200, 48000], dp: 0 }),
  T({ name: 'Patient cohort records', type: 'input', group: 'Patient flow', shape: 'cohort' }),
  T({ name: 'Persistence curve', type: 'input', group: 'Patient flow', shape: 'rates', range: [8, 12], mode: 'down' }),
  T({ name: 'Time on treatment (months)', type: 'input', group: 'Patient flow', shape: 'valueUnit', range: [4, 36], dp: 1, unit: 'months' }),
  T({ name: 'Discontinuation rate', type: 'input', group: 'Patient flow', shape: 'yearly', range: [0.05, 0.3], dp: 3 }),
  T({ name: 'Share', type: 'input', group: 'Market', shape: 'scalar', range: [0.05, 0.6], dp: 3 }),
  T({ name: 'Peak share', type: 'input', group: 'Market', shape: 'peakShare' }),
  T({ name: 'Share of voice', type: 'input', group: 'Market', shape: 'scalar', range: [0.05, 0.4], dp: 3 }),
  T({ name: 'Uptake curve', type: 'input', group: 'Market', shape: 'rates', range: [8, 10], mode: 'up' }),
  T({ name: 'Market growth rate', type: 'input', group: 'Market', shape: 'yearly', range: [-0.04, 0.12], dp: 3 }),
  T({ name: 'Competitor launches', type: 'input', group: 'Market', shape: 'competitors' }),
  T({ name: 'Line-of-therapy split', type: 'input', group: 'Market', shape: 'rates', range: [3, 5], mode: 'split' }),
  T({ name: 'Price per pack (€)', type: 'input', group: 'Pricing', shape: 'valueUnit', range: [120, 9500], dp: 2, unit: 'EUR' }),
  T({ name: 'Discount tiers', type: 'input', group: 'Pricing', shape: 'tiers' }),
  T({ name: 'Region mapping', type: 'input', group: 'Pricing', shape: 'mapping' }),
  T({ name: 'Rebate rate', type: 'input', group: 'Pricing', shape: 'yearly', range: [0.05, 0.35], dp: 3 }),
  T({ name: 'Generic entry year', type: 'input', group: 'Pricing', shape: 'year', range: [2029, 2036] }),
  T({ name: 'FX rates', type: 'input', group: 'Revenue', shape: 'fx' }),
  T({ name: 'COGS per unit (EUR)', type: 'input', group: 'Revenue', shape: 'valueUnit', range: [8, 600], dp: 2, unit: 'EUR' }),
  T({ name: 'Gross-to-net adjustments', type: 'input', group: 'Revenue', shape: 'yearly', range: [0.1, 0.4], dp: 3 }),
  calc('Diagnosed patients', 'Epidemiology', [0.4, 4]),
  calc('Treated patients', 'Epidemiology', [0.8, 6]),
  calc('Patient flow simulation', 'Patient flow', [12, 45]),
  calc('Patients on therapy', 'Patient flow', [1, 8]),
  calc('Market share by year', 'Market', [4, 20]),
  calc('Uptake-adjusted share', 'Market', [0.5, 5]),
  calc('Line progression', 'Market', [1, 10]),
  calc('Price erosion', 'Pricing', [0.5, 5]),
  calc('Net price', 'Pricing', [0.3, 3]),
  calc('Gross revenue', 'Revenue', [0.5, 4]),
  calc('Net revenue', 'Revenue', [0.8, 6]),
  T({ name: 'Revenue summary', type: 'output', group: 'Outputs', secs: [0.3, 3] }),
];

const MODEL_NAMES = ['Atopic Dermatitis Biologics Forecast', 'NASH Fibrosis Launch Model', 'IgA Nephropathy Patient Flow Model', 'Migraine CGRP Revenue Model'];
const USERS = ['a.moreau', 'j.tanaka', 'r.okafor', 'l.rossi', 'k.mueller', 'd.fernandez', 's.kim', 'p.nowak'];
const ANCHOR = Date.parse('2026-10-01T12:00:00.000Z') * 1000;
const DAYS = 90;

function buildModel(rng: Rng, index: number): ModelInfo {
  const row: FcModelRow = { id: rng.uuid(), model_display_name: MODEL_NAMES[index % MODEL_NAMES.length]!, disease_area: null, therapeutic_area: null };
  const nodes: NodeInfo[] = CATALOG.map((t, i) => {
    const nodeRow: FcModelNodeRow = { id: rng.uuid(), model_id: row.id, node_display_name: t.name, node_type: t.type, node_group_name: t.group, node_seq: (i + 1) * 10 };
    return { row: nodeRow, id: nodeRow.id, name: t.name, type: t.type, template: t };
  });
  return { row, nodes, inputs: nodes.filter((n) => n.type === 'input'), byName: new Map(nodes.map((n) => [n.name, n])), forecastInits: [rng.uuid()] };
}

function round(x: number, dp: number): number {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}

/**
 * A benign edit: usually a plausible nudge (mutateValue), sometimes a big relative jump that
 * stays inside the node's usual range (e.g. a share from 0.06 to 0.52).
 */
function benignValue(b: ScenarioBuilder, node: NodeInfo, big: boolean): unknown {
  const t = node.template;
  const prev = b.value(node);
  const [lo, hi] = t.range ?? [0, 1];
  // The far side of the range from the current value, inside its middle 80 %.
  const farSide = (p: number): number =>
    round(p < (lo + hi) / 2 ? lo + (hi - lo) * b.rng.float(0.75, 0.9) : lo + (hi - lo) * b.rng.float(0.1, 0.25), t.dp ?? 3);
  if (big && t.shape === 'scalar' && typeof prev === 'number') return farSide(prev);
  if (big && t.shape === 'valueUnit' && prev && typeof prev === 'object') {
    const p = prev as { unit: string; value: number };
    return { unit: p.unit, value: farSide(p.value) };
  }
  return mutateValue(b.valueCtx, t, prev);
}

interface Anomaly {
  value: unknown;
  /** Words of a generic reason may mention the kind of problem, never the input. */
  problem: string;
}

/** A value unlike anything the node held (or null when the node has no such anomaly). */
function anomalousValue(b: ScenarioBuilder, node: NodeInfo): Anomaly | null {
  const t = node.template;
  const prev = b.value(node);
  const rng = b.rng;
  switch (t.shape) {
    case 'scalar': {
      const p = prev as number;
      return rng.pick([
        { value: 0, problem: 'division by zero' },
        { value: round(-p, t.dp ?? 3), problem: 'negative value' },
        { value: round(p * 1000, t.dp ?? 3), problem: 'overflow' },
        { value: String(p).replace('.', ','), problem: 'could not convert string to float' },
      ]);
    }
    case 'valueUnit': {
      const p = prev as { unit: string; value: number };
      return rng.pick([
        { value: { unit: p.unit, value: 0 }, problem: 'division by zero' },
        { value: { unit: p.unit, value: round(p.value * 1000, t.dp ?? 2) }, problem: 'result out of bounds' },
        { value: { unit: p.unit, value: -p.value }, problem: 'negative value' },
        { value: { unit: p.unit, value: `${p.value} ${p.unit}` }, problem: 'unsupported operand type(s)' },
      ]);
    }
    case 'yearly': {
      const p = { ...(prev as Record<string, number>) };
      const keys = Object.keys(p);
      const k = rng.pick(keys);
      const [lo, hi] = t.range ?? [0, 1];
      const v = rng.pick([round(hi * rng.float(20, 60), 3), round(-Math.max(Math.abs(hi), 1) * rng.float(5, 15), 3)]);
      p[k] = v;
      void lo;
      return { value: p, problem: 'value out of range' };
    }
    case 'rates': {
      if (rng.chance(0.5)) return { value: [], problem: 'empty sequence' };
      const p = (prev as number[]).slice();
      p[rng.int(0, p.length - 1)] = round(rng.float(8, 40), 2);
      return { value: p, problem: 'probability out of range' };
    }
    case 'peakShare': {
      const p = prev as { share: number; uptake: string; year_of_peak: number };
      return rng.pick([
        { value: { ...p, share: round(rng.float(1.5, 4), 2) }, problem: 'share above 100 %' },
        { value: { ...p, share: `${Math.round(p.share * 100)}%` }, problem: 'unsupported operand type(s)' },
      ]);
    }
    case 'fx': {
      const p = prev as { base: string; rates: Record<string, number> };
      return { value: { base: p.base, rates: { ...p.rates, USD: 0 } }, problem: 'division by zero' };
    }
    case 'ageBands':
      return { value: null, problem: "'NoneType' object is not subscriptable" };
    default:
      return null;
  }
}

/** Changes only this input could make to a key, and the reason that names the key. */
function keyChange(b: ScenarioBuilder, node: NodeInfo): { value: unknown; key: string } | null {
  const prev = b.value(node);
  switch (node.template.shape) {
    case 'tiers': {
      const p = prev as { currency: string; tiers: Array<{ discount: number; from: number; to: number | null }> };
      return { value: { currency: p.currency, tiers: p.tiers.map(({ discount, ...rest }) => ({ ...rest, discount_pct: round(discount * 100, 1) })) }, key: 'discount' };
    }
    case 'mapping': {
      const p = prev as { mapping: Record<string, string>; version: number };
      const { region_code: _gone, ...rest } = p.mapping;
      void _gone;
      return { value: { mapping: rest, version: p.version + 1 }, key: 'region_code' };
    }
    case 'peakShare': {
      const p = prev as { share: number; uptake: string; year_of_peak: number };
      const { year_of_peak: _gone, ...rest } = p;
      void _gone;
      return { value: { ...rest, peak_year: p.year_of_peak }, key: 'year_of_peak' };
    }
    case 'competitors': {
      const p = prev as { competitors: Array<{ launch_year: number; name: string; share_impact: number }>; source: string };
      return { value: { competitors: p.competitors.map(({ share_impact, ...rest }) => ({ ...rest, impact: share_impact })), source: p.source }, key: 'share_impact' };
    }
    case 'fx': {
      const p = prev as { base: string; rates: Record<string, number> };
      const { USD: _gone, ...rest } = p.rates;
      void _gone;
      return { value: { base: p.base, rates: rest }, key: 'USD' };
    }
    default:
      return null;
  }
}

/** The input's name as a person or a calc engine would write it in an error. */
function nameAsWritten(rng: Rng, name: string): string {
  return rng.pick([`'${name}'`, `"${name}"`, `‘${name}’`, name.toUpperCase(), name.toLowerCase(), `«${name}»`]);
}

interface Plan {
  culprit: NodeInfo;
  culpritValue: unknown;
  failedCalc: NodeInfo;
  status: 'failed' | 'timeout';
  reason: string;
  duration?: number;
  /** Benign inputs may not come from these node groups (locality cases). */
  benignAvoidGroup?: string;
  /** Benign inputs that must be among the edits (e.g. `Peak share` beside `Share`). */
  mustEdit?: NodeInfo[];
}

function calcs(model: ModelInfo): NodeInfo[] {
  return model.nodes.filter((n) => n.type === 'calculation');
}

function genericReason(rng: Rng, calc: NodeInfo, problem: string): string {
  const n = calc.name;
  return rng.pick([
    `ValueError: ${problem} in node '${n}'`,
    `CalculationError: node '${n}' failed: ${problem} (worker calc-${rng.int(1, 9)})`,
    `RuntimeError: ${problem} while computing '${n}' for year ${rng.int(2027, 2035)}`,
    `FloatingPointError: ${problem} in ${n}`,
  ]);
}

function planAnomalous(b: ScenarioBuilder, rng: Rng): Plan {
  for (;;) {
    const culprit = rng.pick(b.model.inputs);
    const a = anomalousValue(b, culprit);
    if (!a) continue;
    const failedCalc = rng.pick(calcs(b.model));
    return { culprit, culpritValue: a.value, failedCalc, status: 'failed', reason: genericReason(rng, failedCalc, a.problem) };
  }
}

function planNamed(b: ScenarioBuilder, rng: Rng): Plan {
  const tricky = rng.chance(0.5);
  const culprit = tricky ? b.node(rng.pick(['Share', 'Peak share', 'Prévalence (‰)', 'Share of voice'])) : rng.pick(b.model.inputs);
  const failedCalc = rng.pick(calcs(b.model));
  const name = nameAsWritten(rng, culprit.name);
  const reason = rng.pick([
    `ValidationError: input ${name} failed validation in node '${failedCalc.name}'`,
    `ValueError: ${name} must be consistent with the segment totals (node '${failedCalc.name}')`,
    `Error in ${failedCalc.name}: could not parse ${name}: unexpected value`,
    `AssertionError: ${name} is inconsistent with scenario start year ${rng.int(2025, 2027)}`,
  ]);
  // `Share` beside `Peak share` and `Share of voice`: the longer names are edited too.
  const must = culprit.name === 'Share' ? [b.node('Peak share')] : culprit.name === 'Peak share' ? [b.node('Share')] : [];
  return { culprit, culpritValue: mutateValue(b.valueCtx, culprit.template, b.value(culprit)), failedCalc, status: 'failed', reason, mustEdit: must };
}

function planKey(b: ScenarioBuilder, rng: Rng): Plan {
  const options = ['Discount tiers', 'Region mapping', 'Peak share', 'Competitor launches', 'FX rates'];
  const culprit = b.node(rng.pick(options));
  const k = keyChange(b, culprit)!;
  const failedCalc = rng.pick(calcs(b.model));
  const reason = rng.pick([
    `KeyError: '${k.key}'`,
    `KeyError: '${k.key}' in node '${failedCalc.name}'`,
    `SchemaError: missing field "${k.key}" while reading inputs of ${failedCalc.name}`,
  ]);
  return { culprit, culpritValue: k.value, failedCalc, status: 'failed', reason };
}

function planTimeout(b: ScenarioBuilder, rng: Rng): Plan {
  const culprit = b.node(rng.pick(['Patient cohort records', 'Uptake curve', 'Competitor launches']));
  const prev = b.value(culprit);
  let value: unknown;
  if (culprit.name === 'Patient cohort records') {
    const p = prev as { patients: unknown[]; source: string; version: number };
    value = { patients: p.patients.concat(b.patients(p.patients.length * rng.int(20, 120))), source: `${p.source} (full registry)`, version: p.version + 1 };
  } else if (culprit.name === 'Uptake curve') {
    const p = prev as number[];
    const n = rng.int(300, 1500);
    value = Array.from({ length: n }, (_, i) => round(Math.min(1, (p[0] ?? 0.02) + (i / n) * 0.8), 4));
  } else {
    const p = prev as { competitors: Array<{ launch_year: number; name: string; share_impact: number }>; source: string };
    const extra = Array.from({ length: rng.int(200, 600) }, (_, i) => ({ launch_year: 2027 + (i % 8), name: `Biosimilar ${i + 1}`, share_impact: round(rng.float(0.001, 0.01), 3) }));
    value = { competitors: p.competitors.concat(extra), source: 'Competitive intelligence (all molecules)' };
  }
  const failedCalc = b.node(culprit.name === 'Patient cohort records' ? 'Patient flow simulation' : rng.pick(['Market share by year', 'Patient flow simulation']));
  const limit = rng.pick([600, 900, 1800]);
  return {
    culprit,
    culpritValue: value,
    failedCalc,
    status: 'timeout',
    reason: rng.pick([`Timeout: node '${failedCalc.name}' exceeded ${limit} s`, `Run cancelled after ${limit} s (time limit)`]),
    duration: limit + rng.int(1, 30),
  };
}

function planLocality(b: ScenarioBuilder, rng: Rng): Plan {
  const failedCalc = rng.pick(calcs(b.model).filter((c) => b.model.inputs.some((i) => i.template.group === c.template.group)));
  const culprit = rng.pick(b.model.inputs.filter((i) => i.template.group === failedCalc.template.group));
  const problem = rng.pick(['result out of bounds', 'non-finite result', 'calculation aborted (exit code 137)', 'constraint violated']);
  return {
    culprit,
    culpritValue: mutateValue(b.valueCtx, culprit.template, b.value(culprit)),
    failedCalc,
    status: 'failed',
    reason: genericReason(rng, failedCalc, problem),
    benignAvoidGroup: failedCalc.template.group,
  };
}

interface Ctx {
  rng: Rng;
  window: Window;
  out: CulpritCorpus;
  counter: number;
}

function newBuilder(ctx: Ctx, model: ModelInfo, createdAt: number, name: string): ScenarioBuilder {
  const rng = Rng.derive(ctx.rng.int(0, 2 ** 30), 'corpus', ctx.counter++);
  const owner = rng.pick(USERS);
  return new ScenarioBuilder(rng, model, ctx.window, { name, createdAt, owner, team: rng.sample(USERS, 2) });
}

function flush(ctx: Ctx, b: ScenarioBuilder): void {
  ctx.out.scenarios.push(b.scenario);
  ctx.out.runs.push(...b.runs);
  ctx.out.nodeData.push(...b.nodeData);
  ctx.out.nodeCalcs.push(...b.nodeCalcs);
}

/** An ordinary scenario: saves and successful runs only (the history the profiles read). */
function historyScenario(ctx: Ctx, model: ModelInfo, i: number): void {
  const w = ctx.window;
  const created = w.start + Math.floor(ctx.rng.float(0, 0.5) * w.span / 1000) * 1000;
  const b = newBuilder(ctx, model, created, `${model.row.model_display_name.split(' ')[0]} – history ${i + 1}`);
  const t0 = b.saveInitial(created + 30 * US_SECOND, b.team[0]!);
  let t = t0 + 10 * US_MINUTE;
  for (let r = 0; r < b.rng.int(2, 4); r++) {
    const next = t + b.rng.int(1, 4) * US_DAY;
    b.randomEdits(t, next - 2 * US_MINUTE * 60, b.rng.int(8, 20));
    b.run(next, { status: 'success' });
    t = next + 3 * 60 * US_MINUTE;
  }
  b.finish('submitted');
  flush(ctx, b);
}

/** One failed scenario of `kind`, planned by `plan`; returns its label. */
function failedScenario(ctx: Ctx, model: ModelInfo, kind: CaseKind, createdAt: number, name: string, plan: (b: ScenarioBuilder) => Plan): LabelledCase {
  const b = newBuilder(ctx, model, createdAt, name);
  const t0 = b.saveInitial(createdAt + 30 * US_SECOND, b.team[0]!);
  b.randomEdits(t0 + 10 * US_MINUTE, t0 + 2 * US_DAY, b.rng.int(10, 25));
  const lastOk = b.run(t0 + 2 * US_DAY + 30 * US_MINUTE, { status: 'success' });
  const p = plan(b);
  const rng = b.rng;
  const nBenign = rng.int(2, 6);
  const pool = rng.shuffle(
    b.model.inputs.filter((n) => n.id !== p.culprit.id && !(p.mustEdit ?? []).some((m) => m.id === n.id) && (!p.benignAvoidGroup || n.template.group !== p.benignAvoidGroup)),
  );
  const benign = [...(p.mustEdit ?? []), ...pool].slice(0, nBenign);
  // Where the culprit goes among the edits.
  const pos = kind === 'culprit_last' ? benign.length : kind === 'culprit_first' ? 0 : rng.int(0, benign.length);
  const order: Array<{ node: NodeInfo; culprit: boolean }> = benign.map((node) => ({ node, culprit: false }));
  order.splice(pos, 0, { node: p.culprit, culprit: true });
  let t = lastOk.endAt + rng.int(20, 90) * US_MINUTE;
  let bigLeft = Math.max(1, Math.floor(benign.length / 2));
  for (const e of order) {
    const big = !e.culprit && bigLeft > 0 && rng.chance(0.6);
    if (big) bigLeft--;
    b.save(t, e.node, e.culprit ? p.culpritValue : benignValue(b, e.node, big), b.user());
    t += rng.int(2, 40) * US_MINUTE;
  }
  const failed = b.run(t + rng.int(1, 20) * US_MINUTE, { status: p.status, node: p.failedCalc, reason: p.reason, duration: p.duration });
  b.finish('draft', { updated: true });
  flush(ctx, b);
  return {
    kind,
    scenario_id: b.scenario.id,
    scenario_name: b.scenario.scenario_display_name,
    last_success_run_id: lastOk.row.id,
    failed_run_id: failed.row.id,
    culprit_node_id: p.culprit.id,
    culprit_node_name: p.culprit.name,
    benign_edits: benign.length,
    fail_reason: failed.row.fail_reason ?? '',
  };
}

/** Builds the corpus. Same options, same rows and labels. */
export function buildCulpritCorpus(options: CorpusOptions = {}): CulpritCorpus {
  const seed = options.seed ?? 20261001;
  const perKind = Math.max(1, Math.floor(options.perKind ?? 8));
  const rng = Rng.derive(seed, 'culprit-corpus');
  const window: Window = { start: ANCHOR - DAYS * US_DAY, end: ANCHOR, span: DAYS * US_DAY };
  const out: CulpritCorpus = { models: [], nodes: [], scenarios: [], runs: [], nodeData: [], nodeCalcs: [], cases: [] };
  const ctx: Ctx = { rng, window, out, counter: 0 };
  const models = Array.from({ length: Math.max(1, options.models ?? 3) }, (_, i) => buildModel(Rng.derive(seed, 'model', i), i));
  for (const m of models) {
    out.models.push(m.row);
    out.nodes.push(...m.nodes.map((n) => n.row));
  }
  const historyPerModel = options.historyScenarios ?? 30;
  for (const m of models) for (let i = 0; i < historyPerModel; i++) historyScenario(ctx, m, i);

  // Failed scenarios are created in the last third of the window, after the history.
  const createdAt = (): number => window.start + Math.floor(rng.float(0.6, 0.9) * window.span / 1000) * 1000;
  const planFor = (kind: CaseKind): ((b: ScenarioBuilder) => Plan) => {
    switch (kind) {
      case 'reason_names_input':
        return (b) => planNamed(b, b.rng);
      case 'reason_names_key':
        return (b) => planKey(b, b.rng);
      case 'anomalous_value':
        return (b) => planAnomalous(b, b.rng);
      case 'timeout_growth':
        return (b) => planTimeout(b, b.rng);
      case 'locality':
        return (b) => planLocality(b, b.rng);
      default:
        // culprit_last / culprit_first: any of the cause types a forecaster meets.
        return (b) => b.rng.pick([planAnomalous, planNamed, planKey])(b, b.rng);
    }
  };
  for (const kind of CASE_KINDS) {
    if (kind === 'same_signature') continue;
    for (let i = 0; i < perKind; i++) {
      const m = models[(i + CASE_KINDS.indexOf(kind)) % models.length]!;
      out.cases.push(failedScenario(ctx, m, kind, createdAt(), `${m.row.model_display_name.split(' ')[0]} – ${kind.replace(/_/g, ' ')} ${i + 1}`, planFor(kind)));
    }
  }
  // Groups of three scenarios of one model, the same input pasted into each, one signature.
  const groups = Math.ceil(perKind / 3);
  const pasted = ['Line-of-therapy split', 'Uptake curve', 'Persistence curve', 'Age distribution', 'Market growth rate', 'Rebate rate'];
  for (let g = 0; g < groups; g++) {
    const m = models[g % models.length]!;
    const culpritName = pasted[g % pasted.length]!;
    const calc = rng.pick(calcs(m));
    const code = rng.pick(['ConvergenceError', 'SolverError', 'InfeasibleError']);
    const template = m.byName.get(culpritName)!;
    // One template value (pasted from the same spreadsheet) for the whole group.
    let shared: unknown;
    for (let k = 0; k < 3; k++) {
      out.cases.push(
        failedScenario(ctx, m, 'same_signature', createdAt(), `${m.row.model_display_name.split(' ')[0]} – template refresh ${g + 1}.${k + 1}`, (b) => {
          shared ??= initialValue(b.valueCtx, template.template);
          const iterations = b.rng.int(100, 500);
          return {
            culprit: template,
            culpritValue: shared,
            failedCalc: calc,
            status: 'failed',
            reason: `${code}: solver did not converge after ${iterations} iterations (residual ${b.rng.float(0.001, 0.09).toFixed(4)}) in node '${calc.name}'`,
          };
        }),
      );
    }
  }
  return out;
}
