/**
 * The catalogue: reference data (users, disease areas, node templates) and the models built from it.
 */
import type { Uuid } from '../core/types';
import { Rng } from './random';
import type { FcModelNodeRow, FcModelRow, NodeType } from './rows';

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
  | 'ageBands'
  /** payer segments, each with its mix, rebate and access terms (nested three levels deep) */
  | 'payers';

export interface NodeTemplate {
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

export const REGIONS: ReadonlyArray<readonly [string, ReadonlyArray<string | null>]> = [
  ['EU', ['DE', 'FR', 'IT', 'ES', 'GB', 'NL', 'SE', 'PL']],
  ['North America', ['US', 'CA']],
  ['APAC', ['JP', 'CN', 'KR', 'AU']],
  ['LATAM', ['BR', 'MX', 'AR']],
  ['Global', [null]],
];

export const MAPPING_REGIONS = ['EU5', 'NORDICS', 'CEE', 'NA', 'APAC', 'LATAM'];
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY', 'CHF'];
export const COMPETITORS = ['Compound A', 'Compound B', 'Biosimilar X', 'Generic Y', 'Competitor Z', 'Pipeline asset Q'];
export const STAGES = ['I', 'II', 'IIIA', 'IIIB', 'IV'];


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

export function modelCount(scenarios: number): number {
  return Math.min(40, Math.max(3, Math.round(scenarios / 10)));
}

export function buildModel(seed: number, index: number): ModelInfo {
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
