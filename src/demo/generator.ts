/**
 * Deterministic generator of demo data for the ClearSight source tables
 * (`sql/source/schema.sql`): models, nodes, scenarios, runs, the append-only input
 * history and the node calculations, plus the scripted failure stories of `./stories`.
 *
 * Rows are plain objects whose keys are exactly the table's column names. Timestamps
 * are ISO UTC strings ending in `Z` (milliseconds; a handful carry microseconds).
 *
 * Scale: per scenario ≈ 5 runs, ≈ 100 input saves and ≈ 50 node calcs per run.
 * Every scenario is generated from its own seeded stream (`seed`, index), so scenario i
 * is the same whatever the total count (given the same seed, anchor, days and model
 * count) and the data can be produced in chunks: `generateDemoChunks` yields bounded
 * slices (models and nodes in the first), `generateDemo` concatenates them.
 */
import { createHash } from 'node:crypto';
import type { CalcStatus, Iso, RunStatus, Uuid } from '../core/types';
import { Rng } from './random';
import { buildScriptedScenarios, SCRIPTED_SCENARIO_COUNT, type DemoStories } from './stories';

// ---------------------------------------------------------------------------------------------
// Row types (one per source table; keys are the column names)

export type NodeType = 'input' | 'calculation' | 'output';

export interface FcModelRow {
  id: Uuid;
  model_display_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
}

export interface FcModelNodeRow {
  id: Uuid;
  model_id: Uuid;
  node_display_name: string;
  node_type: NodeType;
  node_group_name: string | null;
  node_seq: number | null;
}

export interface FcScenarioRow {
  id: Uuid;
  model_id: Uuid;
  scenario_display_name: string;
  status: 'draft' | 'submitted' | 'locked' | 'archived';
  is_starter: boolean;
  scenario_start_year: number | null;
  scenario_end_year: number | null;
  forecast_init_id: Uuid | null;
  scenario_region: string | null;
  scenario_country: string | null;
  created_at: Iso;
  created_by: string | null;
  created_req_id: Uuid | null;
  updated_at: Iso | null;
  updated_by: string | null;
  updated_req_id: Uuid | null;
  submitted_at: Iso | null;
  submitted_by: string | null;
  submitted_req_id: Uuid | null;
  locked_at: Iso | null;
  locked_by: string | null;
  locked_req_id: Uuid | null;
}

export interface FcScenarioRunRow {
  id: Uuid;
  scenario_id: Uuid;
  run_status: RunStatus;
  run_at: Iso;
  run_complete_at: Iso | null;
  run_by: string | null;
  run_req_id: Uuid | null;
  fail_reason: string | null;
}

export interface FcScenarioNodeDataRow {
  id: Uuid;
  scenario_id: Uuid;
  model_node_id: Uuid;
  /** A JSON value; `null` is stored as SQL NULL. */
  input_data: unknown;
  input_hash: string | null;
  created_at: Iso;
  created_by: string | null;
  created_req_id: Uuid | null;
  end_at: Iso | null;
}

export interface FcScenarioNodeCalcRow {
  id: Uuid;
  run_id: Uuid;
  model_node_id: Uuid;
  status: CalcStatus;
  fail_reason: string | null;
  processing_start_at: Iso | null;
  processing_end_at: Iso | null;
  /** seconds */
  processing_duration: number | null;
}

export interface DemoData {
  models: FcModelRow[];
  nodes: FcModelNodeRow[];
  scenarios: FcScenarioRow[];
  runs: FcScenarioRunRow[];
  nodeData: FcScenarioNodeDataRow[];
  nodeCalcs: FcScenarioNodeCalcRow[];
  stories: DemoStories;
}

export interface DemoOptions {
  /** Number of scenarios (default 60; at least the 12 scripted ones are always generated). */
  scenarios?: number;
  /** PRNG seed (default 20261120). */
  seed?: number;
  /** End of the window, ISO UTC (default 2026-11-20T12:00:00.000Z). */
  anchor?: string;
  /** Length of the window in days, ≥ 1 (default 30). Every timestamp is in [anchor - days, anchor]. */
  days?: number;
}

export interface DemoChunkOptions extends DemoOptions {
  /** Scenarios per chunk (default 200; the first chunk also holds models, nodes and the scripted scenarios). */
  chunkScenarios?: number;
}

export const DEMO_DEFAULTS = {
  scenarios: 60,
  seed: 20261120,
  anchor: '2026-11-20T12:00:00.000Z',
  days: 30,
} as const;

// ---------------------------------------------------------------------------------------------
// Time (integer microseconds since the epoch; exact in a double)

export const US_SECOND = 1_000_000;
export const US_MINUTE = 60 * US_SECOND;
export const US_HOUR = 60 * US_MINUTE;
export const US_DAY = 24 * US_HOUR;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

// Written into a scratch buffer and decoded once (a flat string, not a rope: this runs
// for millions of timestamps).
const ISO_BUF = Buffer.alloc(27);
const dayPrefix = new Map<number, Buffer>();

function put2(o: number, n: number): void {
  ISO_BUF[o] = 48 + Math.floor(n / 10);
  ISO_BUF[o + 1] = 48 + (n % 10);
}

function put3(o: number, n: number): void {
  ISO_BUF[o] = 48 + Math.floor(n / 100);
  ISO_BUF[o + 1] = 48 + (Math.floor(n / 10) % 10);
  ISO_BUF[o + 2] = 48 + (n % 10);
}

/** Microseconds since the epoch → ISO UTC: milliseconds, or 6 fraction digits when sub-millisecond. */
export function isoFromMicros(us: number): Iso {
  const ms = Math.floor(us / 1000);
  const sub = us - ms * 1000;
  const day = Math.floor(ms / 86_400_000);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = Buffer.from(new Date(day * 86_400_000).toISOString().slice(0, 11), 'latin1');
    if (prefix.length !== 11) throw new RangeError(`year out of range: ${us}`);
    dayPrefix.set(day, prefix);
  }
  prefix.copy(ISO_BUF, 0);
  let rem = ms - day * 86_400_000;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const m = Math.floor(rem / 60_000);
  rem -= m * 60_000;
  const s = Math.floor(rem / 1000);
  put2(11, h);
  ISO_BUF[13] = 58; // ':'
  put2(14, m);
  ISO_BUF[16] = 58;
  put2(17, s);
  ISO_BUF[19] = 46; // '.'
  put3(20, rem - s * 1000);
  if (sub) {
    put3(23, sub);
    ISO_BUF[26] = 90; // 'Z'
    return ISO_BUF.toString('latin1', 0, 27);
  }
  ISO_BUF[23] = 90;
  return ISO_BUF.toString('latin1', 0, 24);
}

/** ISO UTC (up to 6 fraction digits) → microseconds since the epoch. */
export function microsFromIso(iso: Iso): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO UTC timestamp: ${iso}`);
  const base = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(base)) throw new RangeError(`not an ISO UTC timestamp: ${iso}`);
  return base * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

// ---------------------------------------------------------------------------------------------
// Input hashing

/** Whether every object inside has its keys in sorted order already (then JSON.stringify is canonical). */
function keysSorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!keysSorted(value[i])) return false;
    return true;
  }
  let prev: string | undefined;
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    if (prev !== undefined && !(prev < k)) return false;
    if (typeof obj[k] === 'object' && !keysSorted(obj[k])) return false;
    prev = k;
  }
  return Object.getPrototypeOf(obj) === Object.prototype || Object.getPrototypeOf(obj) === null;
}

/** JSON with object keys sorted (recursively); the text `input_hash` is computed from. */
export function canonicalJson(value: unknown): string {
  if (keysSorted(value)) return JSON.stringify(value) ?? 'null';
  return slowCanonicalJson(value);
}

function slowCanonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i) out += ',';
          out += slowCanonicalJson(value[i]);
        }
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        if (obj[k] === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(k)}:${slowCanonicalJson(obj[k])}`;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

/** `input_hash`: the first 16 hex digits of the SHA-256 of the canonical JSON. */
export function inputHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// Reference data

export const DEMO_USERS = [
  'a.moreau', 'j.tanaka', 'r.okafor', 'm.schmidt', 'l.rossi', 'p.nowak', 's.kim', 'e.johansson',
  'd.fernandez', 'c.dubois', 'k.mueller', 'n.patel', 'y.chen', 'o.adeyemi', 'f.costa', 'i.kowalski',
  't.nguyen', 'b.hansen', 'g.silva', 'v.ivanova',
] as const;

/** Runs started by the scheduler rather than a person. */
export const SCHEDULER_USER = 'svc-forecast-scheduler';

const MODEL_CATALOG: ReadonlyArray<readonly [string, string | null, string]> = [
  ['NSCLC 2L Patient-Based Forecast', 'Non-small cell lung cancer', 'Oncology'],
  ['Multiple Myeloma 3L+ Patient Flow Model', 'Multiple myeloma', 'Oncology'],
  ["Crohn's Disease Biosimilar Erosion Model", "Crohn's disease", 'Immunology'],
  ["Alzheimer's Disease Early Intervention Forecast", "Alzheimer's disease", 'Neurology'],
  ['Psoriasis Biologics Market Model', 'Plaque psoriasis', 'Immunology'],
  ['HER2+ Breast Cancer Adjuvant Forecast', 'Breast cancer', 'Oncology'],
  ['Relapsing MS Oral Therapy Forecast', 'Multiple sclerosis', 'Neurology'],
  ['Type 2 Diabetes GLP-1 Patient-Based Forecast', 'Type 2 diabetes', 'Cardiometabolic'],
  ['Severe Asthma Biologics Forecast', 'Severe asthma', 'Respiratory'],
  ['NSCLC 1L EGFR+ Revenue Forecast', 'Non-small cell lung cancer', 'Oncology'],
  ['Rheumatoid Arthritis JAK Switch Forecast', 'Rheumatoid arthritis', 'Immunology'],
  ['Migraine Prevention CGRP Market Model', 'Migraine', 'Neurology'],
  ['Metastatic CRC 3L Market Model', 'Colorectal cancer', 'Oncology'],
  ['Atopic Dermatitis Adolescent Forecast', 'Atopic dermatitis', 'Immunology'],
  ['Heart Failure HFrEF Revenue Forecast', 'Heart failure', 'Cardiometabolic'],
  ['Hemophilia A Prophylaxis Forecast', 'Haemophilia A', 'Haematology'],
  ['AML Unfit Patient-Based Forecast', 'Acute myeloid leukaemia', 'Oncology'],
  ['Ulcerative Colitis Induction Revenue Model', 'Ulcerative colitis', 'Immunology'],
  ["Parkinson's Disease Advanced Stage Forecast", "Parkinson's disease", 'Neurology'],
  ['COPD Triple Therapy Revenue Model', 'COPD', 'Respiratory'],
  ['Prostate Cancer mCRPC Revenue Model', 'Prostate cancer', 'Oncology'],
  ['Lupus Nephritis Patient-Based Forecast', 'Systemic lupus erythematosus', 'Immunology'],
  ['Epilepsy Adjunctive Therapy Revenue Model', 'Epilepsy', 'Neurology'],
  ['Obesity Chronic Weight Management Forecast', 'Obesity', 'Cardiometabolic'],
  ['Cystic Fibrosis Modulator Patient Flow Model', 'Cystic fibrosis', 'Respiratory'],
  ['Sickle Cell Disease Launch Forecast', 'Sickle cell disease', 'Haematology'],
  ['Melanoma Adjuvant Uptake Forecast', 'Melanoma', 'Oncology'],
  ['Hidradenitis Suppurativa Launch Forecast', 'Hidradenitis suppurativa', 'Immunology'],
  ['ALS Patient Flow Model', 'Amyotrophic lateral sclerosis', 'Neurology'],
  ['Hypercholesterolemia PCSK9 Market Model', 'Hypercholesterolaemia', 'Cardiometabolic'],
  ['DLBCL 2L CAR-T Patient Flow Model', 'Diffuse large B-cell lymphoma', 'Oncology'],
  ['Fabry Disease Enzyme Replacement Model', 'Fabry disease', 'Rare diseases'],
  ['SMA Gene Therapy Launch Forecast', 'Spinal muscular atrophy', 'Neurology'],
  ['RSV Adult Vaccine Uptake Model', null, 'Vaccines'],
  ['Ovarian Cancer PARPi Maintenance Forecast', 'Ovarian cancer', 'Oncology'],
  ['Atrial Fibrillation Anticoagulant LoE Model', 'Atrial fibrillation', 'Cardiometabolic'],
  ['PNH Complement Inhibitor Forecast', 'Paroxysmal nocturnal haemoglobinuria', 'Haematology'],
  ['HIV Long-Acting PrEP Forecast', 'HIV', 'Infectious diseases'],
  ['Wet AMD Anti-VEGF Biosimilar Model', 'Neovascular AMD', 'Ophthalmology'],
  ['Hepatitis B Functional Cure Forecast', 'Chronic hepatitis B', 'Infectious diseases'],
];

type Shape =
  | 'scalar'
  | 'year'
  | 'valueUnit'
  | 'yearly'
  | 'rates'
  | 'peakShare'
  | 'date'
  | 'cohort'
  | 'mapping'
  | 'competitors'
  | 'fx'
  | 'tiers'
  | 'ageBands';

interface NodeTemplate {
  name: string;
  type: NodeType;
  group: string;
  core?: boolean;
  shape?: Shape;
  /** value range for scalar / valueUnit / yearly / rates */
  range?: readonly [number, number];
  /** decimals (0 = integers) */
  dp?: number;
  unit?: string;
  /** rates: 'up' increasing curve, 'down' decreasing, 'split' sums to 1 */
  mode?: 'up' | 'down' | 'split' | 'any';
  /** calc duration range in seconds */
  secs?: readonly [number, number];
}

const GROUPS = ['Epidemiology', 'Patient flow', 'Market', 'Pricing', 'Revenue', 'Outputs'] as const;

const NODE_CATALOG: readonly NodeTemplate[] = [
  // Epidemiology
  { name: 'Eligible population', type: 'input', group: 'Epidemiology', core: true, shape: 'valueUnit', range: [18000, 95000], dp: 0, unit: 'patients' },
  { name: 'Prevalence (per 100,000)', type: 'input', group: 'Epidemiology', shape: 'scalar', range: [4, 320], dp: 1 },
  { name: 'Incidence by year', type: 'input', group: 'Epidemiology', shape: 'yearly', range: [1200, 48000], dp: 0 },
  { name: 'Diagnosis rate', type: 'input', group: 'Epidemiology', shape: 'scalar', range: [0.4, 0.95], dp: 3 },
  { name: 'Biomarker positivity rate', type: 'input', group: 'Epidemiology', shape: 'scalar', range: [0.05, 0.6], dp: 3 },
  { name: 'Line-of-therapy split', type: 'input', group: 'Epidemiology', shape: 'rates', range: [3, 5], mode: 'split' },
  { name: 'Age distribution', type: 'input', group: 'Epidemiology', shape: 'ageBands' },
  { name: 'Diagnosed patients', type: 'calculation', group: 'Epidemiology', secs: [0.4, 4] },
  { name: 'Eligible patients', type: 'calculation', group: 'Epidemiology', secs: [0.4, 4] },
  { name: 'Incident patients', type: 'calculation', group: 'Epidemiology', secs: [0.3, 3] },
  { name: 'Treated patients', type: 'calculation', group: 'Epidemiology', core: true, secs: [0.8, 6] },
  // Patient flow
  { name: 'Patient cohort records', type: 'input', group: 'Patient flow', core: true, shape: 'cohort' },
  { name: 'Transition probabilities', type: 'input', group: 'Patient flow', shape: 'rates', range: [6, 12], mode: 'any' },
  { name: 'Discontinuation rate', type: 'input', group: 'Patient flow', shape: 'yearly', range: [0.05, 0.3], dp: 3 },
  { name: 'Time on treatment (months)', type: 'input', group: 'Patient flow', shape: 'valueUnit', range: [4, 36], dp: 1, unit: 'months' },
  { name: 'Persistence curve', type: 'input', group: 'Patient flow', shape: 'rates', range: [8, 12], mode: 'down' },
  { name: 'Patient flow simulation', type: 'calculation', group: 'Patient flow', core: true, secs: [12, 45] },
  { name: 'Patients on therapy', type: 'calculation', group: 'Patient flow', secs: [1, 8] },
  { name: 'Line progression', type: 'calculation', group: 'Patient flow', secs: [1, 10] },
  // Market
  { name: 'Market growth rate', type: 'input', group: 'Market', core: true, shape: 'yearly', range: [-0.04, 0.12], dp: 3 },
  { name: 'Peak share', type: 'input', group: 'Market', core: true, shape: 'peakShare' },
  { name: 'Launch date', type: 'input', group: 'Market', core: true, shape: 'date' },
  { name: 'Compliance rate', type: 'input', group: 'Market', core: true, shape: 'scalar', range: [0.6, 0.95], dp: 3 },
  { name: 'Uptake curve', type: 'input', group: 'Market', shape: 'rates', range: [8, 10], mode: 'up' },
  { name: 'Competitor launches', type: 'input', group: 'Market', shape: 'competitors' },
  { name: 'Share of voice', type: 'input', group: 'Market', shape: 'scalar', range: [0.05, 0.4], dp: 3 },
  { name: 'Market size', type: 'calculation', group: 'Market', secs: [0.5, 5] },
  { name: 'Market share by year', type: 'calculation', group: 'Market', secs: [4, 20] },
  { name: 'Uptake-adjusted share', type: 'calculation', group: 'Market', secs: [0.5, 5] },
  { name: 'Volume (units)', type: 'calculation', group: 'Market', secs: [0.5, 6] },
  // Pricing
  { name: 'Price per unit (EUR)', type: 'input', group: 'Pricing', core: true, shape: 'valueUnit', range: [120, 9500], dp: 2, unit: 'EUR' },
  { name: 'Region mapping', type: 'input', group: 'Pricing', core: true, shape: 'mapping' },
  { name: 'Rebate rate', type: 'input', group: 'Pricing', shape: 'yearly', range: [0.05, 0.35], dp: 3 },
  { name: 'Generic entry year', type: 'input', group: 'Pricing', shape: 'year', range: [2029, 2036] },
  { name: 'Discount tiers', type: 'input', group: 'Pricing', shape: 'tiers' },
  { name: 'Price erosion', type: 'calculation', group: 'Pricing', core: true, secs: [0.5, 5] },
  { name: 'Net price', type: 'calculation', group: 'Pricing', secs: [0.3, 3] },
  { name: 'Price by country', type: 'calculation', group: 'Pricing', secs: [0.5, 6] },
  // Revenue
  { name: 'FX rates', type: 'input', group: 'Revenue', shape: 'fx' },
  { name: 'COGS per unit (EUR)', type: 'input', group: 'Revenue', shape: 'valueUnit', range: [8, 600], dp: 2, unit: 'EUR' },
  { name: 'Gross-to-net adjustments', type: 'input', group: 'Revenue', shape: 'yearly', range: [0.1, 0.4], dp: 3 },
  { name: 'Gross revenue', type: 'calculation', group: 'Revenue', secs: [0.5, 4] },
  { name: 'Net revenue', type: 'calculation', group: 'Revenue', core: true, secs: [0.8, 6] },
  { name: 'Cost of goods', type: 'calculation', group: 'Revenue', secs: [0.3, 3] },
  { name: 'Gross margin', type: 'calculation', group: 'Revenue', secs: [0.3, 2] },
  { name: 'Revenue by region', type: 'calculation', group: 'Revenue', secs: [1, 8] },
  // Outputs
  { name: 'Revenue summary', type: 'output', group: 'Outputs', core: true, secs: [0.3, 3] },
  { name: 'Patient summary', type: 'output', group: 'Outputs', secs: [0.3, 3] },
  { name: 'Scenario KPIs', type: 'output', group: 'Outputs', secs: [0.2, 2] },
  { name: 'Peak sales report', type: 'output', group: 'Outputs', secs: [0.3, 3] },
  { name: 'Volume report', type: 'output', group: 'Outputs', secs: [0.2, 2] },
  { name: 'Sensitivity tornado', type: 'output', group: 'Outputs', secs: [2, 12] },
];

const SEGMENTS = ['EU5', 'US', 'Japan', 'RoW', '2L', '3L+', 'Adjuvant', 'Maintenance', 'Elderly', 'Paediatric'];

const REGIONS: ReadonlyArray<readonly [string, ReadonlyArray<string | null>]> = [
  ['EU', ['DE', 'FR', 'IT', 'ES', 'GB', 'NL', 'SE', 'PL']],
  ['North America', ['US', 'CA']],
  ['APAC', ['JP', 'CN', 'KR', 'AU']],
  ['LATAM', ['BR', 'MX', 'AR']],
  ['Global', [null]],
];

const MAPPING_REGIONS = ['EU5', 'NORDICS', 'CEE', 'NA', 'APAC', 'LATAM'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY', 'CHF'];
const COMPETITORS = ['Compound A', 'Compound B', 'Biosimilar X', 'Generic Y', 'Competitor Z', 'Pipeline asset Q'];
const STAGES = ['I', 'II', 'IIIA', 'IIIB', 'IV'];

// ---------------------------------------------------------------------------------------------
// Models

export interface NodeInfo {
  row: FcModelNodeRow;
  id: Uuid;
  name: string;
  type: NodeType;
  template: NodeTemplate;
}

export interface ModelInfo {
  row: FcModelRow;
  nodes: NodeInfo[];
  inputs: NodeInfo[];
  byName: Map<string, NodeInfo>;
  forecastInits: Uuid[];
}

function modelCount(scenarios: number): number {
  return Math.min(40, Math.max(3, Math.round(scenarios / 10)));
}

function buildModel(seed: number, index: number): ModelInfo {
  const rng = Rng.derive(seed, 'model', index);
  const [name, disease, ta] = MODEL_CATALOG[index % MODEL_CATALOG.length];
  const row: FcModelRow = { id: rng.uuid(), model_display_name: name, disease_area: disease, therapeutic_area: ta };
  // ≈ 50 nodes on average: mostly 44–60, sometimes a smaller 20–43 node model.
  const count = rng.chance(0.1) ? rng.int(20, 43) : rng.int(44, 60);
  const chosen: NodeTemplate[] = NODE_CATALOG.filter((t) => t.core);
  const optional = rng.shuffle(NODE_CATALOG.filter((t) => !t.core));
  const names = new Set(chosen.map((t) => t.name));
  for (const t of optional) {
    if (chosen.length >= count) break;
    chosen.push(t);
    names.add(t.name);
  }
  // Bigger than the catalogue: segment variants of existing nodes.
  let guard = 0;
  while (chosen.length < count && guard++ < 10_000) {
    const base = rng.pick(NODE_CATALOG);
    const variant = `${base.name} – ${rng.pick(SEGMENTS)}`;
    if (names.has(variant)) continue;
    names.add(variant);
    chosen.push({ ...base, name: variant, core: false });
  }
  const typeOrder: Record<NodeType, number> = { input: 0, calculation: 1, output: 2 };
  const catalogOrder = new Map(NODE_CATALOG.map((t, i) => [t.name, i]));
  const baseName = (t: NodeTemplate): string => t.name.split(' – ')[0];
  chosen.sort(
    (a, b) =>
      GROUPS.indexOf(a.group as (typeof GROUPS)[number]) - GROUPS.indexOf(b.group as (typeof GROUPS)[number]) ||
      typeOrder[a.type] - typeOrder[b.type] ||
      (catalogOrder.get(baseName(a)) ?? 0) - (catalogOrder.get(baseName(b)) ?? 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const nodes: NodeInfo[] = chosen.map((t, i) => {
    const nodeRow: FcModelNodeRow = {
      id: rng.uuid(),
      model_id: row.id,
      node_display_name: t.name,
      node_type: t.type,
      node_group_name: t.group,
      node_seq: (i + 1) * 10,
    };
    return { row: nodeRow, id: nodeRow.id, name: t.name, type: t.type, template: t };
  });
  return {
    row,
    nodes,
    inputs: nodes.filter((n) => n.type === 'input'),
    byName: new Map(nodes.map((n) => [n.name, n])),
    forecastInits: [rng.uuid(), rng.uuid(), rng.uuid()],
  };
}

// ---------------------------------------------------------------------------------------------
// Input values

function round(x: number, dp: number): number {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export interface Patient {
  age: number;
  ecog: number;
  line: number;
  stage: string;
}

export function makePatients(rng: Rng, n: number): Patient[] {
  const out: Patient[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = { age: rng.int(24, 91), ecog: rng.int(0, 2), line: rng.int(1, 4), stage: rng.pick(STAGES) };
  }
  return out;
}

function makeRates(rng: Rng, t: NodeTemplate): number[] {
  const [lo, hi] = t.range ?? [5, 10];
  const n = rng.int(lo, hi);
  const out: number[] = [];
  switch (t.mode) {
    case 'split': {
      const w = Array.from({ length: n }, () => rng.float(0.1, 1));
      const sum = w.reduce((a, b) => a + b, 0);
      let acc = 0;
      for (let i = 0; i < n - 1; i++) {
        const v = round(w[i] / sum, 3);
        out.push(v);
        acc += v;
      }
      out.push(round(1 - acc, 3));
      return out;
    }
    case 'up': {
      let v = rng.float(0.01, 0.08);
      for (let i = 0; i < n; i++) {
        out.push(round(Math.min(v, 1), 3));
        v += rng.float(0.02, 0.12);
      }
      return out;
    }
    case 'down': {
      let v = 1;
      for (let i = 0; i < n; i++) {
        out.push(round(v, 3));
        v *= rng.float(0.75, 0.97);
      }
      return out;
    }
    default:
      for (let i = 0; i < n; i++) out.push(round(rng.float(0.01, 0.6), 3));
      return out;
  }
}

function scalarIn(rng: Rng, t: NodeTemplate): number {
  const [lo, hi] = t.range ?? [0, 1];
  return round(rng.float(lo, hi), t.dp ?? 3);
}

function nudge(rng: Rng, value: number, t: NodeTemplate): number {
  const [lo, hi] = t.range ?? [0, 1];
  const dp = t.dp ?? 3;
  let v = round(clamp(value * (1 + rng.float(-0.15, 0.15)) + (hi - lo) * rng.float(-0.02, 0.02), lo, hi), dp);
  if (v === value) v = round(clamp(value + (dp === 0 ? 1 : 10 ** -dp) * (value >= hi ? -1 : 1), lo, hi), dp);
  return v;
}

export interface ValueContext {
  rng: Rng;
  startYear: number;
  endYear: number;
}

export function initialValue(ctx: ValueContext, t: NodeTemplate): unknown {
  const { rng } = ctx;
  switch (t.shape) {
    case 'scalar':
      return scalarIn(rng, t);
    case 'year':
      return rng.int(t.range?.[0] ?? 2029, t.range?.[1] ?? 2036);
    case 'valueUnit':
      return { unit: t.unit ?? 'units', value: scalarIn(rng, t) };
    case 'yearly': {
      const out: Record<string, number> = {};
      for (let y = ctx.startYear; y <= ctx.endYear; y++) out[String(y)] = scalarIn(rng, t);
      return out;
    }
    case 'rates':
      return makeRates(rng, t);
    case 'peakShare':
      return { share: round(rng.float(0.05, 0.45), 3), uptake: rng.pick(['slow', 'medium', 'fast']), year_of_peak: rng.int(ctx.startYear + 3, ctx.startYear + 7) };
    case 'date':
      return `${rng.int(ctx.startYear, ctx.startYear + 2)}-${pad2(rng.int(1, 12))}-01`;
    case 'cohort': {
      // A few large cohorts (tens of KB of JSON); the story cohort grows much larger.
      const n = rng.chance(0.01) ? rng.int(800, 1500) : rng.int(20, 80);
      return { patients: makePatients(rng, n), source: `RWE extract ${ctx.startYear - 1}-Q${rng.int(1, 4)}`, version: 1 };
    }
    case 'mapping':
      return {
        mapping: {
          channel: rng.pick(['retail', 'hospital', 'specialty']),
          country_code: rng.pick(['DE', 'FR', 'IT', 'ES', 'GB', 'US', 'JP']),
          currency: rng.pick(CURRENCIES),
          region_code: rng.pick(MAPPING_REGIONS),
        },
        version: rng.int(1, 4),
      };
    case 'competitors':
      return {
        competitors: rng.sample(COMPETITORS, rng.int(1, 3)).map((name) => ({
          launch_year: rng.int(ctx.startYear, ctx.startYear + 6),
          name,
          share_impact: round(rng.float(0.01, 0.2), 3),
        })),
        source: 'Competitive intelligence Q3',
      };
    case 'fx':
      return { base: 'EUR', rates: { CHF: round(rng.float(0.9, 1), 4), GBP: round(rng.float(0.82, 0.9), 4), JPY: round(rng.float(150, 170), 2), USD: round(rng.float(1.02, 1.15), 4) } };
    case 'tiers': {
      const tiers: Array<{ discount: number; from: number; to: number | null }> = [];
      let from = 0;
      const n = rng.int(2, 4);
      for (let i = 0; i < n; i++) {
        const to = i === n - 1 ? null : from + rng.int(500, 5000);
        tiers.push({ discount: round(0.02 + i * rng.float(0.02, 0.06), 3), from, to });
        if (to !== null) from = to;
      }
      return { currency: 'EUR', tiers };
    }
    case 'ageBands': {
      const a = rng.float(0.05, 0.3);
      const b = rng.float(0.3, 0.5);
      return { bands: { '18-39': round(a, 3), '40-64': round(b, 3), '65+': round(1 - round(a, 3) - round(b, 3), 3) }, source: 'National registry' };
    }
    default:
      return null;
  }
}

/** A plausible edit of the previous value (always a different value, never an invalid one). */
export function mutateValue(ctx: ValueContext, t: NodeTemplate, prev: unknown): unknown {
  const { rng } = ctx;
  if (prev === null || prev === undefined) return initialValue(ctx, t);
  switch (t.shape) {
    case 'scalar':
      return nudge(rng, prev as number, t);
    case 'year': {
      const [lo, hi] = t.range ?? [2029, 2036];
      const v = prev as number;
      return v >= hi ? v - 1 : v <= lo ? v + 1 : v + (rng.chance(0.5) ? 1 : -1);
    }
    case 'valueUnit': {
      const p = prev as { unit: string; value: number };
      return { unit: p.unit, value: nudge(rng, p.value, t) };
    }
    case 'yearly': {
      const out = { ...(prev as Record<string, number>) };
      const keys = Object.keys(out);
      for (const k of rng.sample(keys, rng.int(1, 3))) out[k] = nudge(rng, out[k], t);
      return out;
    }
    case 'rates': {
      const out = (prev as number[]).slice();
      if (t.mode !== 'split' && out.length < 15 && rng.chance(0.15)) {
        out.push(round(out[out.length - 1] * rng.float(0.9, 1.1), 3));
      } else {
        const i = rng.int(0, out.length - 1);
        out[i] = round(clamp(out[i] + rng.float(0.005, 0.03) * (rng.chance(0.5) ? 1 : -1), 0, 1), 3);
        if (t.mode === 'split' && out.length > 1) {
          const j = i === out.length - 1 ? 0 : out.length - 1;
          out[j] = round(1 - out.reduce((acc, v, k) => (k === j ? acc : acc + v), 0), 3);
        }
      }
      return out;
    }
    case 'peakShare': {
      const p = prev as { share: number; uptake: string; year_of_peak: number };
      const r = rng.int(0, 2);
      if (r === 0) return { ...p, share: round(clamp(p.share * rng.float(0.8, 1.2), 0.01, 0.6), 3) };
      if (r === 1) return { ...p, uptake: p.uptake === 'fast' ? 'medium' : 'fast' };
      return { ...p, year_of_peak: p.year_of_peak + (rng.chance(0.5) ? 1 : -1) };
    }
    case 'date': {
      const [y, m] = (prev as string).split('-').map(Number);
      const shift = rng.pick([-3, -2, -1, 1, 2, 3, 6]);
      const total = y * 12 + (m - 1) + shift;
      return `${Math.floor(total / 12)}-${pad2((total % 12) + 1)}-01`;
    }
    case 'cohort': {
      const p = prev as { patients: Patient[]; source: string; version: number };
      const patients = p.patients.slice();
      for (let k = rng.int(1, 4); k > 0; k--) patients[rng.int(0, patients.length - 1)] = makePatients(rng, 1)[0];
      if (rng.chance(0.3)) patients.push(...makePatients(rng, rng.int(1, 6)));
      return { patients, source: p.source, version: p.version + 1 };
    }
    case 'mapping': {
      const p = prev as { mapping: Record<string, string>; version: number };
      const mapping = { ...p.mapping };
      if (rng.chance(0.5)) mapping.channel = mapping.channel === 'retail' ? 'hospital' : 'retail';
      else mapping.currency = mapping.currency === 'EUR' ? 'USD' : 'EUR';
      return { mapping, version: p.version + 1 };
    }
    case 'competitors': {
      const p = prev as { competitors: Array<{ launch_year: number; name: string; share_impact: number }>; source: string };
      const competitors = p.competitors.map((c) => ({ ...c }));
      const c = rng.pick(competitors);
      c.share_impact = round(clamp(c.share_impact + rng.float(0.005, 0.04) * (rng.chance(0.5) ? 1 : -1), 0.001, 0.3), 3);
      return { competitors, source: p.source };
    }
    case 'fx': {
      const p = prev as { base: string; rates: Record<string, number> };
      const rates = { ...p.rates };
      const k = rng.pick(Object.keys(rates));
      rates[k] = round(rates[k] * rng.float(0.97, 1.03), k === 'JPY' ? 2 : 4) || rates[k] + 0.0001;
      return { base: p.base, rates };
    }
    case 'tiers': {
      const p = prev as { currency: string; tiers: Array<{ discount: number; from: number; to: number | null }> };
      const tiers = p.tiers.map((x) => ({ ...x }));
      const x = rng.pick(tiers);
      x.discount = round(clamp(x.discount + 0.005 * rng.int(1, 4) * (rng.chance(0.5) ? 1 : -1), 0, 0.5), 3);
      return { currency: p.currency, tiers };
    }
    case 'ageBands': {
      const p = prev as { bands: Record<string, number>; source: string };
      const d = round(rng.float(0.005, 0.03), 3);
      const a = round(clamp(p.bands['18-39'] + d, 0, 0.6), 3);
      const b = p.bands['40-64'];
      return { bands: { '18-39': a, '40-64': b, '65+': round(1 - a - b, 3) }, source: p.source };
    }
    default:
      return initialValue(ctx, t);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenario builder (used by the background generator and by the scripted stories)

export interface Window {
  start: number;
  end: number;
  span: number;
}

export interface ScenarioInit {
  name: string;
  /** created_at (µs) */
  createdAt: number;
  owner: string;
  /** other users who edit and run (the owner is added) */
  team?: string[];
  region?: string | null;
  country?: string | null;
  startYear?: number;
  endYear?: number;
  isStarter?: boolean;
}

export type RunSpec =
  | { status: 'success'; user?: string; micro?: boolean }
  | {
      status: 'failed' | 'timeout';
      node: NodeInfo;
      reason: string | ((run: FcScenarioRunRow) => string);
      /** seconds spent in the failing node (timeouts ≈ 900) */
      duration?: number;
      user?: string;
      micro?: boolean;
    }
  | { status: 'running'; user?: string }
  | { status: 'queued'; user?: string };

export interface RunResult {
  row: FcScenarioRunRow;
  /** run_complete_at in µs, or the time of the last processed node (running) / run_at (queued). */
  endAt: number;
}

interface Current {
  row: FcScenarioNodeDataRow;
  value: unknown;
  t: number;
}

export class ScenarioBuilder {
  readonly scenario: FcScenarioRow;
  readonly runs: FcScenarioRunRow[] = [];
  readonly nodeData: FcScenarioNodeDataRow[] = [];
  readonly nodeCalcs: FcScenarioNodeCalcRow[] = [];
  readonly team: string[];
  readonly valueCtx: ValueContext;
  private readonly current = new Map<Uuid, Current>();
  private readonly createdAt: number;
  private lastActivity: number;
  private lastRunEnd = -Infinity;

  constructor(
    readonly rng: Rng,
    readonly model: ModelInfo,
    readonly window: Window,
    init: ScenarioInit,
  ) {
    const startYear = init.startYear ?? rng.int(2025, 2027);
    const endYear = init.endYear ?? startYear + rng.int(9, 14);
    const [region, countries] = rng.pick(REGIONS);
    this.team = [init.owner, ...(init.team ?? []).filter((u) => u !== init.owner)];
    this.valueCtx = { rng, startYear, endYear };
    this.createdAt = this.check(init.createdAt);
    this.lastActivity = this.createdAt;
    this.scenario = {
      id: rng.uuid(),
      model_id: model.row.id,
      scenario_display_name: init.name,
      status: 'draft',
      is_starter: init.isStarter ?? false,
      scenario_start_year: startYear,
      scenario_end_year: endYear,
      forecast_init_id: rng.chance(0.8) ? rng.pick(model.forecastInits) : null,
      scenario_region: init.region !== undefined ? init.region : region,
      scenario_country: init.country !== undefined ? init.country : rng.pick(countries),
      created_at: isoFromMicros(this.createdAt),
      created_by: init.owner,
      created_req_id: rng.uuid(),
      updated_at: null,
      updated_by: null,
      updated_req_id: null,
      submitted_at: null,
      submitted_by: null,
      submitted_req_id: null,
      locked_at: null,
      locked_by: null,
      locked_req_id: null,
    };
  }

  /** A time at `fraction` of the window before the anchor, plus up to `jitterMin` minutes (µs, whole ms). */
  at(fraction: number, jitterMin = 2): number {
    const base = this.window.end - Math.round(fraction * this.window.span);
    return Math.floor(base / 1000) * 1000 + this.rng.int(0, jitterMin * 60_000) * 1000;
  }

  node(name: string): NodeInfo {
    const n = this.model.byName.get(name);
    if (!n) throw new Error(`model '${this.model.row.model_display_name}' has no node '${name}'`);
    return n;
  }

  /** The value in force now for an input node (undefined before its first save). */
  value(node: NodeInfo): unknown {
    return this.current.get(node.id)?.value;
  }

  /** The latest fc_scenario_node_data row of a node. */
  latestRow(node: NodeInfo): FcScenarioNodeDataRow | undefined {
    return this.current.get(node.id)?.row;
  }

  /** `n` random patient records (the cohort shape). */
  patients(n: number): Patient[] {
    return makePatients(this.rng, n);
  }

  /** A plausible edit of the node's current value (always different). */
  mutated(node: NodeInfo): unknown {
    return mutateValue(this.valueCtx, node.template, this.value(node));
  }

  user(): string {
    return this.rng.chance(0.6) ? this.team[0] : this.rng.pick(this.team);
  }

  private check(t: number): number {
    if (!Number.isInteger(t) || t < this.window.start || t > this.window.end) {
      throw new RangeError(`demo timestamp ${isoFromMicros(t)} outside [${isoFromMicros(this.window.start)}, ${isoFromMicros(this.window.end)}]`);
    }
    return t;
  }

  private touch(t: number): void {
    if (t > this.lastActivity) this.lastActivity = t;
  }

  /**
   * Appends a save of `value` at `t` (µs) and closes the previous version (end_at = t).
   * `repeat` saves the previous value again (same hash).
   */
  save(t: number, node: NodeInfo, value: unknown, user: string, reqId: Uuid = this.rng.uuid(), repeat = false): FcScenarioNodeDataRow {
    this.check(t);
    const prev = this.current.get(node.id);
    if (prev && t <= prev.t) throw new Error(`save of '${node.name}' at ${isoFromMicros(t)} not after the previous one`);
    const data = repeat && prev ? prev.value : value;
    const row: FcScenarioNodeDataRow = {
      id: this.rng.uuid(),
      scenario_id: this.scenario.id,
      model_node_id: node.id,
      input_data: data,
      input_hash: repeat && prev ? prev.row.input_hash : inputHash(data),
      created_at: isoFromMicros(t),
      created_by: user,
      created_req_id: reqId,
      end_at: null,
    };
    if (prev) prev.row.end_at = row.created_at;
    this.current.set(node.id, { row, value: data, t });
    this.nodeData.push(row);
    this.touch(t);
    return row;
  }

  /** A repeat of the previous value (a save with no change). */
  saveRepeat(t: number, node: NodeInfo, user: string, reqId?: Uuid): FcScenarioNodeDataRow {
    if (!this.current.has(node.id)) throw new Error(`no previous save of '${node.name}' to repeat`);
    return this.save(t, node, undefined, user, reqId, true);
  }

  /** First save of every input node, in a few requests a few seconds apart. Returns the time after. */
  saveInitial(t: number, user: string, overrides: ReadonlyMap<string, unknown> = new Map()): number {
    let time = t;
    let left = 0;
    let req = '';
    for (const node of this.model.inputs) {
      if (left <= 0) {
        time += this.rng.int(2_000, 40_000) * 1000;
        req = this.rng.uuid();
        left = this.rng.int(3, 8);
      }
      left--;
      const value = overrides.has(node.name) ? overrides.get(node.name) : initialValue(this.valueCtx, node.template);
      this.save(time, node, value, user, req);
    }
    return time;
  }

  /**
   * About `count` saves spread over (from, to), in requests of 1–3 nodes; ≈ 12.5 % of them
   * repeat the previous value. Nodes in `exclude` are left alone.
   */
  randomEdits(from: number, to: number, count: number, exclude: ReadonlyArray<NodeInfo> = []): void {
    if (count <= 0 || to <= from) return;
    const skip = new Set(exclude.map((n) => n.id));
    const nodes = this.model.inputs.filter((n) => !skip.has(n.id));
    if (nodes.length === 0) return;
    const actions = Math.max(1, Math.round(count / 1.3));
    const times: number[] = [];
    for (let i = 0; i < actions; i++) times.push(from + Math.floor(this.rng.next() * ((to - from) / 1000)) * 1000);
    times.sort((a, b) => a - b);
    let done = 0;
    for (let i = 0; i < times.length && done < count; i++) {
      const k = this.rng.chance(0.75) ? 1 : this.rng.int(2, 3);
      const user = this.user();
      const req = this.rng.uuid();
      for (const node of this.rng.sample(nodes, k)) {
        const prev = this.current.get(node.id);
        let t = times[i];
        if (prev && t <= prev.t) t = prev.t + 1000;
        if (t > to) continue;
        if (prev && this.rng.chance(0.125)) this.saveRepeat(t, node, user, req);
        else this.save(t, node, prev ? mutateValue(this.valueCtx, node.template, prev.value) : initialValue(this.valueCtx, node.template), user, req);
        done++;
      }
    }
  }

  private calcSeconds(node: NodeInfo): [number, number] {
    if (node.type === 'input') return [0.02, 0.4];
    return (node.template.secs as [number, number] | undefined) ?? [0.3, 5];
  }

  /** Starts a run at `t` (µs) and records its node calcs in node_seq order. */
  run(t: number, spec: RunSpec): RunResult {
    this.check(t);
    const rng = this.rng;
    const row: FcScenarioRunRow = {
      id: rng.uuid(),
      scenario_id: this.scenario.id,
      run_status: spec.status,
      run_at: isoFromMicros(t),
      run_complete_at: null,
      run_by: spec.user ?? (rng.chance(0.1) ? SCHEDULER_USER : this.user()),
      run_req_id: rng.uuid(),
      fail_reason: null,
    };
    this.runs.push(row);
    this.touch(t);
    if (spec.status === 'queued') {
      this.lastRunEnd = t;
      return { row, endAt: t };
    }
    const micro = (spec.status === 'success' || spec.status === 'failed' || spec.status === 'timeout') && spec.micro === true;
    const unit = micro ? 1 : 1000; // µs granularity of the generated offsets
    const rand = (lo: number, hi: number): number => rng.int(Math.round((lo * US_SECOND) / unit), Math.round((hi * US_SECOND) / unit)) * unit;
    const nodes = this.model.nodes;
    let failIndex = -1;
    let reason: string | null = null;
    if (spec.status === 'failed' || spec.status === 'timeout') {
      failIndex = nodes.indexOf(spec.node);
      if (failIndex < 0) throw new Error(`node '${spec.node.name}' is not in the scenario's model`);
      reason = typeof spec.reason === 'function' ? spec.reason(row) : spec.reason;
    }
    const stopAfter = spec.status === 'running' ? rng.int(Math.floor(nodes.length * 0.3), Math.floor(nodes.length * 0.7)) : nodes.length;
    let cursor = t + rand(0.5, 12);
    let endAt = t;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (spec.status === 'running' && i >= stopAfter) break;
      const calc: FcScenarioNodeCalcRow = {
        id: rng.uuid(),
        run_id: row.id,
        model_node_id: node.id,
        status: 'success',
        fail_reason: null,
        processing_start_at: null,
        processing_end_at: null,
        processing_duration: null,
      };
      if (failIndex >= 0 && i > failIndex) {
        calc.status = 'skipped';
      } else {
        const [lo, hi] = this.calcSeconds(node);
        let dur = rand(lo, hi);
        if (i === failIndex) {
          calc.status = 'failed';
          calc.fail_reason = reason;
          const d = (spec as { duration?: number }).duration;
          if (d !== undefined) dur = Math.round((d * US_SECOND) / unit) * unit;
          else dur = Math.max(unit, Math.floor(dur * rng.float(0.1, 0.9) / unit) * unit);
        }
        const start = cursor;
        const end = start + dur;
        // A running run has processed only what finished before the anchor ("now").
        if (spec.status === 'running' && end > this.window.end) break;
        calc.processing_start_at = isoFromMicros(this.check(start));
        calc.processing_end_at = isoFromMicros(this.check(end));
        calc.processing_duration = (end - start) / US_SECOND;
        cursor = end + rand(0.001, 0.05);
        endAt = end;
      }
      this.nodeCalcs.push(calc);
    }
    if (spec.status !== 'running') {
      const complete = endAt + rand(0.05, 2);
      row.run_complete_at = isoFromMicros(this.check(complete));
      row.fail_reason = reason;
      endAt = complete;
    }
    this.lastRunEnd = endAt;
    this.touch(endAt);
    return { row, endAt };
  }

  /** The end (µs) of the latest run, or -Infinity. */
  get lastRunEndAt(): number {
    return this.lastRunEnd;
  }

  get lastActivityAt(): number {
    return this.lastActivity;
  }

  /**
   * Sets the lifecycle columns. `submitted`/`locked`/`archived` need room before the anchor;
   * without it the scenario stays at the furthest status reached.
   */
  finish(status: FcScenarioRow['status'], opts: { updated?: boolean } = {}): FcScenarioRow {
    const rng = this.rng;
    const s = this.scenario;
    const end = this.window.end;
    const last = this.lastActivity;
    if (opts.updated ?? rng.chance(0.7)) {
      const lo = this.createdAt + US_MINUTE;
      const t = lo < last ? lo + Math.floor(rng.next() * ((last - lo) / 1000)) * 1000 : this.createdAt + 1000;
      if (t <= end) {
        s.updated_at = isoFromMicros(t);
        s.updated_by = this.user();
        s.updated_req_id = rng.uuid();
      }
    }
    s.status = 'draft';
    if (status === 'draft') return s;
    const submit = status === 'submitted' || status === 'locked' || rng.chance(0.6);
    if (submit) {
      const sub = last + rng.int(10, 2 * 24 * 60) * US_MINUTE + rng.int(0, 59_999) * 1000;
      if (sub > end - 5 * US_MINUTE) return s;
      s.status = 'submitted';
      s.submitted_at = isoFromMicros(sub);
      s.submitted_by = this.team[0];
      s.submitted_req_id = rng.uuid();
      if (status === 'locked' || (status === 'archived' && rng.chance(0.7))) {
        const lock = sub + rng.int(60, 3 * 24 * 60) * US_MINUTE + rng.int(0, 59_999) * 1000;
        if (lock > end - US_MINUTE) return s;
        s.status = 'locked';
        s.locked_at = isoFromMicros(lock);
        s.locked_by = rng.pick(['a.moreau', 'm.schmidt', 'y.chen']);
        s.locked_req_id = rng.uuid();
      }
    }
    if (status === 'archived') s.status = 'archived';
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Background failures

function failureFor(rng: Rng, b: ScenarioBuilder): { status: 'failed' | 'timeout'; node: NodeInfo; reason: string; duration?: number } {
  const years = b.valueCtx;
  const y = rng.int(years.startYear, years.endYear);
  if (rng.chance(0.12)) {
    const heavy = b.model.nodes.filter((n) => n.type === 'calculation' && n.name !== 'Patient flow simulation');
    const node = rng.pick(heavy);
    return { status: 'timeout', node, reason: `Timeout: node '${node.name}' exceeded 900 s`, duration: 900 + rng.float(0.2, 4.8) };
  }
  if (rng.chance(0.2)) {
    const node = rng.pick(b.model.inputs);
    const r = rng.int(0, 2);
    const reason =
      r === 0
        ? `SchemaError: unexpected field 'comment' in input '${node.name}'`
        : r === 1
          ? `ValidationError: input '${node.name}' has ${rng.int(1, 4)} value(s) outside the allowed range for ${y}`
          : `ValidationError: required input '${node.name}' is stale (saved before model version ${rng.int(3, 9)}.${rng.int(0, 9)})`;
    return { status: 'failed', node, reason };
  }
  const calcs = b.model.nodes.filter((n) => n.type !== 'input');
  const node = rng.pick(calcs);
  const other = rng.pick(calcs);
  const n = node.name;
  const templates: Array<() => string> = [
    () => `ValueError: negative volume for year ${y} in node '${n}'`,
    () => `KeyError: 'CHF' not found in FX table for node '${n}'`,
    () => `MemoryError: calc worker exceeded 4096 MB while evaluating node '${n}'`,
    () => `ConnectionError: lost connection to calc worker calc-${rng.int(1, 12)} during node '${n}'`,
    () => `ValueError: shares for year ${y} sum to ${(1 + rng.float(0.01, 0.2)).toFixed(3)} (> 1) in node '${n}'`,
    () => `TypeError: unsupported operand type(s) for *: 'NoneType' and 'float' in node '${n}'`,
    () => `OverflowError: math range error in node '${n}' (year ${y})`,
    () => `RuntimeError: circular reference between '${n}' and '${other.name}'`,
    () => `IndexError: list index ${rng.int(10, 40)} out of range in node '${n}'`,
    () => `DatabaseError: deadlock detected while writing results of node '${n}' (request ${rng.uuid()})`,
    () => `WorkerLost: calc worker exited with code 137 (out of memory) during node '${n}'`,
  ];
  return { status: 'failed', node, reason: rng.pick(templates)() };
}

const SCENARIO_NAMES: Array<(rng: Rng, country: string | null, year: number) => string> = [
  (_r, c, y) => `Base case ${y} Q${_r.int(1, 4)}${c ? ` (${c})` : ''}`,
  (_r, c) => `Upside – faster uptake${c ? ` (${c})` : ''}`,
  (r, c) => `Downside – ${r.pick(['generic entry 2029', 'delayed launch', 'price cut 15%', 'competitor launch', 'lower compliance'])}${c ? ` (${c})` : ''}`,
  (r, _c, y) => `LRP ${y} v${r.int(1, 6)}`,
  (r, _c, y) => `Budget ${y + 1} – ${r.pick(['draft', 'final', 'stretch', 'mid-year update'])}`,
  (_r, c) => `Launch sequence${c ? ` ${c}` : ''}`,
  (r) => `Sensitivity: peak share ±${r.pick([10, 20, 30])}%`,
  (r) => `What-if: price erosion ${r.int(5, 40)}%`,
  (r, c) => `${r.pick(['Brand plan', 'Market access', 'Tender'])} scenario${c ? ` ${c}` : ''}`,
];

function buildBackgroundScenario(seed: number, index: number, models: ModelInfo[], window: Window): ScenarioBuilder {
  const rng = Rng.derive(seed, 'scenario', index);
  // Some models carry more scenarios than others (skewed towards the first ones).
  const u = rng.chance(0.5) ? rng.next() : Math.min(rng.next(), rng.next());
  const model = models[Math.min(models.length - 1, Math.floor(models.length * u))];
  const owner = rng.pick(DEMO_USERS);
  const team = rng.sample(DEMO_USERS, rng.int(0, 2));
  // Activity spans [created, last] with last at least 2 h before the anchor.
  const latest = window.end - 2 * US_HOUR;
  const created = window.start + Math.floor((rng.next() * 0.8 * (latest - window.start)) / 1000) * 1000;
  const last = created + Math.floor((rng.float(0.25, 1) * (latest - created)) / 1000) * 1000;
  const b = new ScenarioBuilder(rng, model, window, { name: '', createdAt: created, owner, team: [...team] });
  const year = b.scenario.scenario_start_year ?? 2026;
  b.scenario.scenario_display_name = `${model.row.model_display_name.split(' ').slice(0, 2).join(' ')} – ${rng.pick(SCENARIO_NAMES)(rng, b.scenario.scenario_country, year)}`;
  b.scenario.is_starter = rng.chance(0.05);
  const t0 = b.saveInitial(created + rng.int(5, 120) * US_SECOND, owner);
  const nRuns = rng.chance(0.02) ? 0 : rng.int(1, 9);
  const edits = rng.int(40, 110);
  b.randomEdits(t0 + US_MINUTE, last, edits);
  const runTimes: number[] = [];
  const from = t0 + 20 * US_MINUTE;
  for (let i = 0; i < nRuns && from < last; i++) runTimes.push(from + Math.floor((rng.next() * (last - from)) / 1000) * 1000);
  runTimes.sort((x, y) => x - y);
  for (const rt of runTimes) {
    const t = Math.max(rt, b.lastRunEndAt + rng.int(1, 10) * US_MINUTE);
    if (t > window.end - 100 * US_MINUTE) break;
    const spec: RunSpec = rng.chance(0.92) ? { status: 'success' } : failureFor(rng, b);
    b.run(t, spec);
  }
  let tail = false;
  if (rng.chance(0.03)) {
    tail = true;
    const t = window.end - rng.int(60, 25 * 60) * US_SECOND;
    b.run(t, { status: rng.chance(0.5) ? 'queued' : 'running' });
  }
  const status = tail ? 'draft' : (['draft', 'submitted', 'locked', 'archived'] as const)[rng.weighted([45, 25, 20, 10])];
  b.finish(status);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Entry points

interface Resolved {
  scenarios: number;
  seed: number;
  window: Window;
  chunkScenarios: number;
}

function resolve(options: DemoChunkOptions = {}): Resolved {
  const scenarios = Math.max(SCRIPTED_SCENARIO_COUNT, Math.floor(options.scenarios ?? DEMO_DEFAULTS.scenarios));
  const seed = Math.floor(options.seed ?? DEMO_DEFAULTS.seed) >>> 0;
  const anchorMs = Date.parse(options.anchor ?? DEMO_DEFAULTS.anchor);
  if (Number.isNaN(anchorMs)) throw new RangeError(`invalid anchor: ${options.anchor}`);
  const days = options.days ?? DEMO_DEFAULTS.days;
  if (!(days >= 1)) throw new RangeError(`days must be at least 1 (got ${days})`);
  const end = anchorMs * 1000;
  const span = Math.round(days * US_DAY);
  const chunkScenarios = Math.max(1, Math.floor(options.chunkScenarios ?? 200));
  return { scenarios, seed, window: { start: end - span, end, span }, chunkScenarios };
}

function emptyChunk(stories: DemoStories): DemoData {
  return { models: [], nodes: [], scenarios: [], runs: [], nodeData: [], nodeCalcs: [], stories };
}

function append(chunk: DemoData, b: ScenarioBuilder): void {
  chunk.scenarios.push(b.scenario);
  for (const r of b.runs) chunk.runs.push(r);
  for (const r of b.nodeData) chunk.nodeData.push(r);
  for (const r of b.nodeCalcs) chunk.nodeCalcs.push(r);
}

/**
 * The demo data in bounded chunks: the first holds every model and node, the scripted
 * story scenarios and the first background scenarios; each later one holds up to
 * `chunkScenarios` scenarios with their runs, saves and calcs. Every chunk carries the
 * same `stories` object. Rows never reference a later chunk.
 */
export function* generateDemoChunks(options: DemoChunkOptions = {}): Generator<DemoData, void, undefined> {
  const o = resolve(options);
  const models = Array.from({ length: modelCount(o.scenarios) }, (_, i) => buildModel(o.seed, i));
  const scripted = buildScriptedScenarios({
    models,
    window: o.window,
    newScenario: (index, model, init) => new ScenarioBuilder(Rng.derive(o.seed, 'scenario', index), model, o.window, init),
  });
  let chunk = emptyChunk(scripted.stories);
  for (const m of models) {
    chunk.models.push(m.row);
    for (const n of m.nodes) chunk.nodes.push(n.row);
  }
  for (const b of scripted.builders) append(chunk, b);
  let inChunk = scripted.builders.length;
  for (let i = scripted.builders.length; i < o.scenarios; i++) {
    if (inChunk >= o.chunkScenarios) {
      yield chunk;
      chunk = emptyChunk(scripted.stories);
      inChunk = 0;
    }
    append(chunk, buildBackgroundScenario(o.seed, i, models, o.window));
    inChunk++;
  }
  yield chunk;
}

/** All the demo data at once (≈ 370 rows per scenario; 3,000 scenarios ≈ 1.1 M rows, some hundreds of MB). */
export function generateDemo(options: DemoOptions = {}): DemoData {
  let out: DemoData | undefined;
  for (const chunk of generateDemoChunks({ ...options, chunkScenarios: Number.MAX_SAFE_INTEGER })) {
    out = chunk;
  }
  if (!out) throw new Error('no demo data generated');
  return out;
}
