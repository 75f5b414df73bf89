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
 *   reason_name_variant the fail reason names the input as code or a config file spells it:
 *                       snake_case, UPPER_SNAKE, camelCase, or without its qualifier
 *                       (`Price per pack` for `Price per pack (€)`)
 *   value_type_changed  the value changed type: "12,5" or "N/A" for a number, a list pasted
 *                       as an object, an object as a list, a number as text
 *   input_removed       the culprit input was cleared (no value, NULL hash) before the run
 *   input_added         the culprit input had no value at the last success; it was set since
 *   deep_path           a leaf three or four levels down a nested input changed; the reason
 *                       names only the leaf key (`cap`, `prior_auth`, `launch_year`)
 *   decoy               two inputs changed far outside their history; the decoy's own calc
 *                       (and its group's) succeeded in the failed run, the culprit's failed
 * Failures no input caused (label: no culprit; NO_INPUT_KINDS), each after 2–6 benign
 * plausible edits (some in the failed calc's node group), about half with a later
 * successful rerun on the same input hashes, a third of a kind's cases in one platform
 * incident (scenarios of different models, one signature, one hour), and most with the lines
 * the platform logged for the run (`corpusLogFiles`):
 *   connection_reset    PostgreSQL connections dropped (psycopg2/psycopg 3/JDBC texts)
 *   oom_killed          a calc worker killed for memory (OOMKilled, exit 137, MemoryError,
 *                       java.lang.OutOfMemoryError)
 *   deadlock            deadlock detected / lock timeout / serialization failure on write
 *   disk_full           No space left on device (scratch volume, PostgreSQL, evicted pod)
 *   worker_lost         the worker went away (WorkerLostError, BrokenProcessPool, heartbeat)
 *   cloud_read_timeout  S3 / Secrets Manager / SQS read or connect timeouts (botocore, AWS SDK)
 *   queue_wait          the run timed out waiting for a worker or a pool slot (load, no growth)
 * Every failed scenario has 2–6 benign edits of plausible values (within the node's usual
 * range), some of them bigger relative changes than the culprit's.
 */
import { Rng } from '../demo/random';
import type { ModelInfo, NodeInfo } from '../demo/catalogue';
import { demoLogFiles, type DemoLogFile } from '../demo/logs';
import type { DemoData, FcModelNodeRow, FcModelRow, FcScenarioRunRow } from '../demo/rows';
import { ScenarioBuilder, type Window } from '../demo/scenarioBuilder';
import { US_DAY, US_HOUR, US_MINUTE, US_SECOND } from '../demo/time';
import { initialValue, mutateValue } from '../demo/values';
import { infraFailure, NO_INPUT_KINDS, pickVariant, type InfraFailure, type LoggedRun, type NoInputKind, type PlatformLogLine } from './infraFailures';

export { NO_INPUT_KINDS, type NoInputKind } from './infraFailures';

/** Kinds whose failure one input caused (the label names it). */
export const CULPRIT_KINDS = [
  'culprit_last',
  'culprit_first',
  'reason_names_input',
  'reason_names_key',
  'anomalous_value',
  'timeout_growth',
  'same_signature',
  'locality',
  'reason_name_variant',
  'value_type_changed',
  'input_removed',
  'input_added',
  'deep_path',
  'decoy',
] as const;
export type CulpritKind = (typeof CULPRIT_KINDS)[number];

export const CASE_KINDS = [...CULPRIT_KINDS, ...NO_INPUT_KINDS] as const;
export type CaseKind = CulpritKind | NoInputKind;

export function isNoInputKind(kind: CaseKind): kind is NoInputKind {
  return (NO_INPUT_KINDS as readonly string[]).includes(kind);
}

export interface LabelledCase {
  kind: CaseKind;
  /** The expected answer: the input that caused the failure, or none (the platform did). */
  expected: 'input' | 'no_input';
  scenario_id: string;
  scenario_name: string;
  last_success_run_id: string;
  failed_run_id: string;
  /** The culprit input (null when no input caused the failure). */
  culprit_node_id: string | null;
  culprit_node_name: string | null;
  /** How many benign inputs were edited besides the culprit. */
  benign_edits: number;
  fail_reason: string;
  /** A later successful run: on the failed run's input hashes (`same_inputs`) or after a fix. */
  rerun: { run_id: string; inputs: 'same_inputs' | 'changed' } | null;
  /** Platform incidents: the same label on every case (of different models) it hit in one hour. */
  incident: string | null;
  /** Lines the platform logged for the failed run besides the engine's own (see corpusLogFiles). */
  platform_log_lines: number;
}

/** The source rows (as the demo generator makes them). */
export type CorpusRows = Omit<DemoData, 'stories'>;

export interface CulpritCorpus extends CorpusRows {
  cases: LabelledCase[];
  /** Platform log lines (supervisor, Kubernetes events, PostgreSQL server) of the failed runs. */
  platformLog: PlatformLogLine[];
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
  T({ name: 'Payer mix & access', type: 'input', group: 'Pricing', shape: 'payers' }),
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
  /** The input that causes the failure (null: none does, `infra` says what did). */
  culprit: NodeInfo | null;
  culpritValue?: unknown;
  /** How the culprit changes: a new value (default), cleared, or set for the first time (input_added). */
  change?: 'value' | 'clear';
  /** Another input edited far outside its history, whose calc succeeds (decoy cases). */
  decoy?: { node: NodeInfo; value: unknown };
  failedCalc: NodeInfo;
  status: 'failed' | 'timeout';
  reason: string;
  duration?: number;
  /** Benign inputs may not come from these node groups (locality cases). */
  benignAvoidGroup?: string;
  /** Benign inputs that must be among the edits (e.g. `Peak share` beside `Share`). */
  mustEdit?: NodeInfo[];
  /** Benign edits start with one or two inputs of this group (the failed calc's, in infra cases). */
  benignPreferGroup?: string;
  /** The platform failure (no-input cases). */
  infra?: InfraFailure;
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
  const problem = rng.pick(['result out of bounds', 'non-finite result', 'negative patient count', 'constraint violated']);
  return {
    culprit,
    culpritValue: mutateValue(b.valueCtx, culprit.template, b.value(culprit)),
    failedCalc,
    status: 'failed',
    reason: genericReason(rng, failedCalc, problem),
    benignAvoidGroup: failedCalc.template.group,
  };
}

/** Names as code, config files and other systems spell an input's display name. */
function nameVariants(name: string): { snake: string; upper: string; camel: string; bare: string } {
  const bare = name.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const ascii = (x: string): string => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const words = ascii(bare).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const snake = words.join('_');
  return { snake, upper: snake.toUpperCase(), camel: words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join(''), bare };
}

/** Inputs whose snake_case name is no JSON key of another input's value (`share` is one). */
const VARIANT_NAMED = [
  'Eligible population',
  'Prévalence (‰)',
  'Diagnosis rate',
  'Incidence by year',
  'Time on treatment (months)',
  'Discontinuation rate',
  'Peak share',
  'Uptake curve',
  'Market growth rate',
  'Line-of-therapy split',
  'Price per pack (€)',
  'Rebate rate',
  'Generic entry year',
  'COGS per unit (EUR)',
  'Gross-to-net adjustments',
  'Persistence curve',
];

function planNameVariant(b: ScenarioBuilder, rng: Rng): Plan {
  const culprit = b.node(rng.pick(VARIANT_NAMED));
  const v = nameVariants(culprit.name);
  const failedCalc = rng.pick(calcs(b.model));
  const group = culprit.template.group.replace(/\s+/g, '');
  const written = v.bare !== culprit.name && rng.chance(0.35) ? 'bare' : rng.pick(['snake', 'upper', 'camel'] as const);
  const reason =
    written === 'snake'
      ? rng.pick([
          `pydantic_core._pydantic_core.ValidationError: 1 validation error for ${group}Inputs\n${v.snake}\n  Value error, inconsistent with the scenario horizon [type=value_error, input_type=dict]`,
          `ValueError: ${v.snake} out of bounds for segment ${rng.pick(['EU5', 'US', 'JP', 'ROW'])}`,
          `engine.validation.InputError: ${v.snake}: expected values for ${rng.int(2025, 2027)}..${rng.int(2035, 2040)}`,
        ])
      : written === 'upper'
        ? rng.pick([`ValueError: ${v.upper} outside the allowed range for this indication`, `ConfigError: ${v.upper} is invalid (see scenario settings)`])
        : written === 'camel'
          ? rng.pick([
              `java.lang.IllegalArgumentException: ${v.camel} must be within the model bounds`,
              `com.clearsight.engine.ValidationException: field '${v.camel}' rejected by node '${failedCalc.name}'`,
            ])
          : rng.pick([`Invalid input "${v.bare}": value rejected by node '${failedCalc.name}'`, `ValueError: ${v.bare} does not match the segment totals`]);
  return { culprit, culpritValue: mutateValue(b.valueCtx, culprit.template, b.value(culprit)), failedCalc, status: 'failed', reason };
}

/** The value pasted with another type (text for a number, an object for a list, …) and the error it raises. */
function typeChange(b: ScenarioBuilder, node: NodeInfo): { value: unknown; reason: string } | null {
  const rng = b.rng;
  const prev = b.value(node);
  const comma = (x: number): string => String(x).replace('.', ',');
  switch (node.template.shape) {
    case 'scalar': {
      const p = prev as number;
      const text = rng.pick([comma(p), 'N/A', '', `${round(p * 100, 1)}%`]);
      return { value: text, reason: `ValueError: could not convert string to float: '${text}'` };
    }
    case 'valueUnit': {
      const p = prev as { unit: string; value: number };
      return rng.pick([
        { value: { unit: p.unit, value: 'N/A' }, reason: "decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]" },
        { value: { unit: p.unit, value: comma(p.value) }, reason: "TypeError: '>' not supported between instances of 'str' and 'int'" },
        { value: { unit: p.unit, value: String(p.value) }, reason: "TypeError: unsupported operand type(s) for *: 'float' and 'str'" },
      ]);
    }
    case 'yearly': {
      const p = prev as Record<string, number>;
      if (rng.chance(0.5)) return { value: Object.values(p), reason: "AttributeError: 'list' object has no attribute 'items'" };
      const k = rng.pick(Object.keys(p));
      const text = rng.pick(['n/a', comma(p[k]!), '-']);
      return { value: { ...p, [k]: text }, reason: `ValueError: could not convert string to float: '${text}'` };
    }
    case 'rates': {
      const p = prev as number[];
      if (rng.chance(0.5)) {
        const start = b.valueCtx.startYear;
        return { value: Object.fromEntries(p.map((x, i) => [String(start + i), x])), reason: 'KeyError: 0' };
      }
      const text = p.join(';');
      return { value: text, reason: rng.pick([`ValueError: could not convert string to float: '${text}'`, "TypeError: can't multiply sequence by non-int of type 'float'"]) };
    }
    case 'peakShare': {
      const p = prev as { share: number; uptake: string; year_of_peak: number };
      return { value: { ...p, share: comma(p.share) }, reason: "TypeError: '<=' not supported between instances of 'str' and 'float'" };
    }
    case 'ageBands': {
      const p = prev as { bands: Record<string, number>; source: string };
      return { value: { bands: Object.values(p.bands), source: p.source }, reason: "AttributeError: 'list' object has no attribute 'items'" };
    }
    case 'year': {
      const p = prev as number;
      return rng.pick([
        { value: `${p}-Q2`, reason: `ValueError: invalid literal for int() with base 10: '${p}-Q2'` },
        { value: String(p), reason: "TypeError: '<' not supported between instances of 'str' and 'int'" },
      ]);
    }
    case 'fx': {
      const p = prev as { base: string; rates: Record<string, number> };
      return { value: { base: p.base, rates: Object.entries(p.rates).map(([currency, rate]) => ({ currency, rate })) }, reason: 'TypeError: list indices must be integers or slices, not str' };
    }
    default:
      return null;
  }
}

function planTypeChange(b: ScenarioBuilder, rng: Rng): Plan {
  for (;;) {
    const culprit = rng.pick(b.model.inputs);
    const t = typeChange(b, culprit);
    if (!t) continue;
    // Sometimes the input's own calc (its validation) is what fails.
    const failedCalc = rng.chance(0.3) ? culprit : rng.pick(calcs(b.model));
    return { culprit, culpritValue: t.value, failedCalc, status: 'failed', reason: t.reason };
  }
}

function planRemoved(b: ScenarioBuilder, rng: Rng): Plan {
  const culprit = rng.pick(b.model.inputs);
  const failedCalc = rng.pick(calcs(b.model));
  const reason = rng.pick([
    "TypeError: 'NoneType' object is not subscriptable",
    "TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'",
    "AttributeError: 'NoneType' object has no attribute 'get'",
    `ValueError: node '${failedCalc.name}' is missing a required input`,
    'java.lang.NullPointerException: Cannot invoke "java.lang.Number.doubleValue()" because the return value of "com.clearsight.engine.NodeInputs.get(String)" is null',
  ]);
  return { culprit, change: 'clear', failedCalc, status: 'failed', reason };
}

/** Inputs a scenario can do without (the engine uses a default) until a forecaster sets them. */
export const OPTIONAL_INPUTS = ['Generic entry year', 'Competitor launches', 'Discount tiers', 'Rebate rate', 'Line-of-therapy split', 'Age distribution', 'Payer mix & access'];

function planAdded(b: ScenarioBuilder, rng: Rng, culprit: NodeInfo): Plan {
  const inGroup = calcs(b.model).filter((c) => c.template.group === culprit.template.group);
  const failedCalc = inGroup.length > 0 && rng.chance(0.6) ? rng.pick(inGroup) : rng.pick(calcs(b.model));
  const n = rng.int(9, 15);
  const reason = rng.pick([
    `ValueError: operands could not be broadcast together with shapes (${n},) (${n + rng.int(1, 4)},)`,
    `IndexError: index ${n} is out of bounds for axis 0 with size ${n}`,
    `ValueError: Length of values (${n}) does not match length of index (${n + 2})`,
    `CalculationError: node '${failedCalc.name}' failed: constraint violated (worker calc-${rng.int(1, 9)})`,
  ]);
  return { culprit, culpritValue: initialValue(b.valueCtx, culprit.template), failedCalc, status: 'failed', reason };
}

/** A change deep inside a nested input, and the error naming only its leaf key. */
function deepChange(b: ScenarioBuilder, node: NodeInfo): { value: unknown; reason: string } | null {
  const rng = b.rng;
  const prev = b.value(node);
  const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  switch (node.template.shape) {
    case 'payers': {
      const p = copy(prev as { payers: Record<string, { access: { prior_auth: unknown; step_edits: unknown; tier: number }; rebate: { base: number; cap: number }; share: number }>; version: number });
      const seg = p.payers[rng.pick(Object.keys(p.payers))]!;
      p.version++;
      switch (rng.int(0, 2)) {
        case 0: {
          seg.rebate.cap = round(seg.rebate.base - rng.float(0.02, 0.07), 3);
          return { value: p, reason: `ValueError: 'cap' must be greater than or equal to 'base' (${seg.rebate.cap} < ${seg.rebate.base})` };
        }
        case 1:
          seg.access.prior_auth = rng.pick(['yes', 'Y', 'TRUE ']);
          return { value: p, reason: 'pydantic.error_wrappers.ValidationError: 1 validation error\nprior_auth\n  value could not be parsed to a boolean (type=type_error.bool)' };
        default:
          seg.access.step_edits = rng.pick([1.5, 2.5, -1]);
          return { value: p, reason: `ValueError: step_edits must be a non-negative integer, got ${String(seg.access.step_edits)}` };
      }
    }
    case 'competitors': {
      const p = copy(prev as { competitors: Array<{ launch_year: number; name: string; share_impact: number }>; source: string });
      const c = rng.pick(p.competitors);
      c.launch_year = rng.pick([c.launch_year * 10 + 1, c.launch_year - 100]);
      return { value: p, reason: `ValueError: launch_year ${c.launch_year} is outside the forecast horizon` };
    }
    case 'tiers': {
      const p = copy(prev as { currency: string; tiers: Array<{ discount: number; from: number; to: number | null }> });
      const bounded = p.tiers.filter((x) => x.to !== null);
      const x = rng.pick(bounded.length ? bounded : p.tiers);
      x.to = x.from - rng.int(100, 400);
      return { value: p, reason: `AssertionError: 'to' must be above 'from' in every tier` };
    }
    case 'ageBands': {
      const p = copy(prev as { bands: Record<string, number>; source: string });
      p.bands['65+'] = round(-rng.float(0.05, 0.2), 3);
      return { value: p, reason: `ValueError: band '65+' has a negative share (${p.bands['65+']})` };
    }
    default:
      return null;
  }
}

function planDeepPath(b: ScenarioBuilder, rng: Rng): Plan {
  const culprit = b.node(rng.pick(['Payer mix & access', 'Payer mix & access', 'Competitor launches', 'Discount tiers', 'Age distribution']));
  const d = deepChange(b, culprit)!;
  return { culprit, culpritValue: d.value, failedCalc: rng.pick(calcs(b.model)), status: 'failed', reason: d.reason };
}

/** A value far outside the node's history that its calcs take without failing (a typo, a wrong unit), or null. */
function decoyValue(b: ScenarioBuilder, node: NodeInfo): unknown {
  const rng = b.rng;
  const prev = b.value(node);
  const dp = node.template.dp ?? 3;
  switch (node.template.shape) {
    case 'scalar':
      return round((prev as number) * rng.pick([100, 1000]), dp);
    case 'valueUnit': {
      const p = prev as { unit: string; value: number };
      return { unit: p.unit, value: round(p.value * rng.pick([100, 1000]), dp) };
    }
    case 'yearly': {
      const p = { ...(prev as Record<string, number>) };
      const k = rng.pick(Object.keys(p));
      p[k] = round(p[k]! * rng.pick([50, 100]), dp);
      return p;
    }
    default:
      return null;
  }
}

function planDecoy(b: ScenarioBuilder, rng: Rng): Plan {
  const inputs = b.model.inputs;
  const seq = (n: NodeInfo): number => b.model.nodes.indexOf(n);
  for (;;) {
    const culprit = rng.pick(inputs);
    const a = anomalousValue(b, culprit);
    if (!a) continue;
    // The failing node: the culprit input's own calc (validation), or a calc of its group
    // after every calc of the decoy's group.
    const ownCalc = rng.chance(0.5);
    const groupCalcs = calcs(b.model).filter((c) => c.template.group === culprit.template.group);
    const failedCalc = ownCalc || groupCalcs.length === 0 ? culprit : rng.pick(groupCalcs);
    const decoys = inputs.filter((d) => {
      if (d === culprit || seq(d) >= seq(failedCalc) || decoyValue(b, d) === null) return false;
      if (ownCalc) return true;
      return d.template.group !== culprit.template.group && calcs(b.model).every((c) => c.template.group !== d.template.group || seq(c) < seq(failedCalc));
    });
    if (decoys.length === 0) continue;
    const decoy = rng.pick(decoys);
    const reason = ownCalc
      ? rng.pick([`ValueError: ${a.problem}`, `ValidationError: ${a.problem} [type=value_error]`, `FloatingPointError: ${a.problem}`])
      : genericReason(rng, failedCalc, a.problem);
    return { culprit, culpritValue: a.value, decoy: { node: decoy, value: decoyValue(b, decoy) }, failedCalc, status: 'failed', reason };
  }
}

/** A failure no input caused: the platform's (`variant` of `kind`), after benign edits. */
function planInfra(b: ScenarioBuilder, rng: Rng, kind: NoInputKind, variant: number): Plan {
  const failedCalc = rng.pick(calcs(b.model));
  const infra = infraFailure(rng, kind, variant, failedCalc.name);
  return {
    culprit: null,
    failedCalc,
    status: infra.status,
    reason: infra.reason,
    duration: infra.duration,
    infra,
    ...(rng.chance(0.5) ? { benignPreferGroup: failedCalc.template.group } : {}),
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

interface CaseOptions {
  /** Inputs without a value until after the last success (input_added). */
  unset?: NodeInfo[];
  /** When the failed run starts (µs); default a few minutes after the last edit. */
  failAt?: number;
  /** A later successful run on the same inputs (no-input cases). */
  rerunSameInputs?: boolean;
  incident?: string | null;
}

/** One failed scenario of `kind`, planned by `plan`; returns its label. */
function failedScenario(ctx: Ctx, model: ModelInfo, kind: CaseKind, createdAt: number, name: string, plan: (b: ScenarioBuilder) => Plan, opts: CaseOptions = {}): LabelledCase {
  const b = newBuilder(ctx, model, createdAt, name);
  const unset = opts.unset ?? [];
  const t0 = b.saveInitial(createdAt + 30 * US_SECOND, b.team[0]!, new Map(), unset);
  b.randomEdits(t0 + 10 * US_MINUTE, t0 + 2 * US_DAY, b.rng.int(10, 25), unset);
  const lastOk = b.run(t0 + 2 * US_DAY + 30 * US_MINUTE, { status: 'success' });
  const p = plan(b);
  const rng = b.rng;
  const nBenign = rng.int(2, 6);
  const special = new Set([p.culprit?.id, p.decoy?.node.id, ...(p.mustEdit ?? []).map((m) => m.id), ...unset.map((u) => u.id)]);
  let pool = rng.shuffle(b.model.inputs.filter((n) => !special.has(n.id) && (!p.benignAvoidGroup || n.template.group !== p.benignAvoidGroup)));
  if (p.benignPreferGroup) {
    const near = pool.filter((n) => n.template.group === p.benignPreferGroup).slice(0, rng.int(1, 2));
    pool = [...near, ...pool.filter((n) => !near.includes(n))];
  }
  const benign = [...(p.mustEdit ?? []), ...pool].slice(0, nBenign);
  // Where the culprit (and a decoy) go among the edits.
  type Edit = { node: NodeInfo; role: 'culprit' | 'decoy' | 'benign' };
  const order: Edit[] = rng.shuffle(benign.map((node): Edit => ({ node, role: 'benign' })));
  if (p.decoy) order.splice(rng.int(0, order.length), 0, { node: p.decoy.node, role: 'decoy' });
  if (p.culprit) {
    const pos = kind === 'culprit_last' ? order.length : kind === 'culprit_first' ? 0 : rng.int(0, order.length);
    order.splice(pos, 0, { node: p.culprit, role: 'culprit' });
  }
  let t = lastOk.endAt + rng.int(20, 90) * US_MINUTE;
  let bigLeft = Math.max(1, Math.floor(benign.length / 2));
  const before = p.culprit ? b.value(p.culprit) : undefined;
  for (const e of order) {
    const big = e.role === 'benign' && bigLeft > 0 && rng.chance(0.6);
    if (big) bigLeft--;
    if (e.role === 'culprit' && p.change === 'clear') b.clear(t, e.node, b.user());
    else b.save(t, e.node, e.role === 'culprit' ? p.culpritValue : e.role === 'decoy' ? p.decoy!.value : benignValue(b, e.node, big), b.user());
    t += rng.int(2, 40) * US_MINUTE;
  }
  const runAt = opts.failAt !== undefined && opts.failAt > t ? opts.failAt : t + rng.int(1, 20) * US_MINUTE;
  const failed = b.run(runAt, { status: p.status, node: p.failedCalc, reason: p.reason, duration: p.duration });
  let rerun: LabelledCase['rerun'] = null;
  if (p.culprit === null && opts.rerunSameInputs) {
    // Someone (or the scheduler) runs it again, nothing edited: it succeeds.
    const r = b.run(failed.endAt + rng.int(8, 180) * US_MINUTE, { status: 'success' });
    rerun = { run_id: r.row.id, inputs: 'same_inputs' };
  } else if (p.culprit !== null && rng.chance(0.25)) {
    // The forecaster undoes the culprit and runs again: it succeeds, on other inputs.
    const fixAt = failed.endAt + rng.int(15, 240) * US_MINUTE;
    if (before === undefined) b.clear(fixAt, p.culprit, b.user());
    else b.save(fixAt, p.culprit, before, b.user());
    const r = b.run(fixAt + rng.int(2, 30) * US_MINUTE, { status: 'success' });
    rerun = { run_id: r.row.id, inputs: 'changed' };
  }
  let logged = 0;
  if (p.infra) {
    const calcRow = b.nodeCalcs.find((c) => c.run_id === failed.row.id && c.model_node_id === p.failedCalc.id)!;
    const lines = p.infra.log(loggedRun(failed.row, Date.parse(calcRow.processing_start_at!), p.failedCalc.name));
    ctx.out.platformLog.push(...lines);
    logged = lines.length;
  }
  b.finish('draft', { updated: true });
  flush(ctx, b);
  return {
    kind,
    expected: p.culprit ? 'input' : 'no_input',
    scenario_id: b.scenario.id,
    scenario_name: b.scenario.scenario_display_name,
    last_success_run_id: lastOk.row.id,
    failed_run_id: failed.row.id,
    culprit_node_id: p.culprit?.id ?? null,
    culprit_node_name: p.culprit?.name ?? null,
    benign_edits: benign.length,
    fail_reason: failed.row.fail_reason ?? '',
    rerun,
    incident: opts.incident ?? null,
    platform_log_lines: logged,
  };
}

function loggedRun(run: FcScenarioRunRow, nodeStart: number, nodeName: string): LoggedRun {
  return { run_id: run.id, scenario_id: run.scenario_id, run_req_id: run.run_req_id, node_start: nodeStart, end: Date.parse(run.run_complete_at ?? run.run_at), node_name: nodeName };
}

/** Incident kinds: one platform failure hits scenarios of different models within an hour. */
const INCIDENT_KINDS: ReadonlySet<NoInputKind> = new Set(['connection_reset', 'disk_full', 'cloud_read_timeout', 'queue_wait', 'worker_lost']);

/** Builds the corpus. Same options, same rows and labels. */
export function buildCulpritCorpus(options: CorpusOptions = {}): CulpritCorpus {
  const seed = options.seed ?? 20261001;
  const perKind = Math.max(1, Math.floor(options.perKind ?? 8));
  const rng = Rng.derive(seed, 'culprit-corpus');
  const window: Window = { start: ANCHOR - DAYS * US_DAY, end: ANCHOR, span: DAYS * US_DAY };
  const out: CulpritCorpus = { models: [], nodes: [], scenarios: [], runs: [], nodeData: [], nodeCalcs: [], cases: [], platformLog: [] };
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
  const label = (m: ModelInfo, what: string): string => `${m.row.model_display_name.split(' ')[0]} – ${what}`;
  const planFor = (kind: CulpritKind): ((b: ScenarioBuilder) => Plan) => {
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
      case 'reason_name_variant':
        return (b) => planNameVariant(b, b.rng);
      case 'value_type_changed':
        return (b) => planTypeChange(b, b.rng);
      case 'input_removed':
        return (b) => planRemoved(b, b.rng);
      case 'deep_path':
        return (b) => planDeepPath(b, b.rng);
      case 'decoy':
        return (b) => planDecoy(b, b.rng);
      default:
        // culprit_last / culprit_first: any of the cause types a forecaster meets.
        return (b) => b.rng.pick([planAnomalous, planNamed, planKey])(b, b.rng);
    }
  };
  const simple = (kinds: readonly CulpritKind[]): void => {
    for (const kind of kinds) {
      for (let i = 0; i < perKind; i++) {
        const m = models[(i + CASE_KINDS.indexOf(kind)) % models.length]!;
        out.cases.push(failedScenario(ctx, m, kind, createdAt(), label(m, `${kind.replace(/_/g, ' ')} ${i + 1}`), planFor(kind)));
      }
    }
  };
  simple(['culprit_last', 'culprit_first', 'reason_names_input', 'reason_names_key', 'anomalous_value', 'timeout_growth', 'locality']);
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
        failedScenario(ctx, m, 'same_signature', createdAt(), label(m, `template refresh ${g + 1}.${k + 1}`), (b) => {
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
  simple(['reason_name_variant', 'value_type_changed', 'input_removed', 'deep_path', 'decoy']);
  // input_added: an optional input, unset until after the last success.
  for (let i = 0; i < perKind; i++) {
    const m = models[(i + CASE_KINDS.indexOf('input_added')) % models.length]!;
    const node = m.byName.get(rng.pick(OPTIONAL_INPUTS))!;
    out.cases.push(failedScenario(ctx, m, 'input_added', createdAt(), label(m, `input added ${i + 1}`), (b) => planAdded(b, b.rng, node), { unset: [node] }));
  }
  // Failures no input caused; a platform incident hits the first cases of some kinds (of
  // different models, within one hour, one wording); every other case has a successful rerun.
  for (const kind of NO_INPUT_KINDS) {
    const incidentSize = INCIDENT_KINDS.has(kind) ? Math.min(3, perKind - 1) : 0;
    const incidentAt = createdAt() + 2 * US_DAY + 12 * US_HOUR;
    const incidentVariant = pickVariant(rng, kind);
    for (let i = 0; i < perKind; i++) {
      const m = models[(i + CASE_KINDS.indexOf(kind)) % models.length]!;
      const inIncident = i < incidentSize && incidentSize >= 2;
      const failAt = inIncident ? incidentAt + rng.int(0, 40) * US_MINUTE + rng.int(0, 59_999) * 1000 : undefined;
      const created = inIncident ? incidentAt - 2 * US_DAY - 12 * US_HOUR - rng.int(0, 120) * US_MINUTE : createdAt();
      const variant = inIncident ? incidentVariant : pickVariant(rng, kind);
      out.cases.push(
        failedScenario(ctx, m, kind, created, label(m, `${kind.replace(/_/g, ' ')} ${i + 1}`), (b) => planInfra(b, b.rng, kind, variant), {
          failAt,
          rerunSameInputs: i % 2 === 0,
          incident: inIncident ? `${kind} incident` : null,
        }),
      );
    }
  }
  return out;
}

/**
 * The corpus's log files, as a log folder would hold them: the engine's and the workers'
 * lines for every run (as for the demo, src/demo/logs) and the platform's (`platform.log`:
 * supervisor, Kubernetes events, kernel; `postgresql.log`: the database server) for the
 * failures no input caused.
 */
export function corpusLogFiles(corpus: CulpritCorpus): DemoLogFile[] {
  const files = demoLogFiles({ ...corpus, stories: undefined } as unknown as DemoData);
  for (const file of ['platform.log', 'postgresql.log'] as const) {
    const lines = corpus.platformLog.filter((l) => l.file === file).sort((a, b) => a.t - b.t);
    if (lines.length > 0) files.push({ path: file, content: Buffer.from(`${lines.map((l) => l.text).join('\n')}\n`) });
  }
  return files;
}
